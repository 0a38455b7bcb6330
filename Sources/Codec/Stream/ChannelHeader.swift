// SensorGate — Codec: the per-channel header of a batch (predictor, lattice, model start).

/// Writes and reads the header that opens each channel's part of the body (docs/batch-format.md §6).
enum ChannelHeader {
    /// The two's-complement width that holds every coefficient.
    static func width(of coefficients: [Int32]) -> Int {
        var bits = 1
        for c in coefficients {
            let needed = c >= 0 ? 65 - UInt64(c).leadingZeroBitCount : 65 - UInt64(~Int64(c)).leadingZeroBitCount
            bits = max(bits, needed)
        }
        return bits
    }

    /// Encodes `plan`; `initialShifts` are the model starts a key batch (or a new lattice) announces.
    static func encode(
        _ plan: ChannelPlan, state: inout ChannelState, modelShift: UInt32, offsetShift: UInt32, key: Bool,
        range: inout RangeEncoder, raw: inout RawBitWriter
    ) {
        let canReuse = state.predictor != nil
        switch plan {
        case .constant(let value):
            if canReuse { range.encode(false, &state.header[HeaderBit.reuse]) }
            range.encode(true, &state.header[HeaderBit.modeFirst])
            range.encode(true, &state.header[HeaderBit.modeSecond])
            let last = state.history.last ?? 0
            SideValue.write(signed: value - last, to: &raw)
            return
        case .predicted(let predictor, let reuse, let lattice, let sameLattice):
            if canReuse { range.encode(reuse, &state.header[HeaderBit.reuse]) }
            if !reuse {
                switch predictor.kind {
                case .fixed(let order):
                    range.encode(false, &state.header[HeaderBit.modeFirst])
                    let high = order >> 1
                    range.encode(high == 1, &state.header[HeaderBit.orderHigh])
                    range.encode(order & 1 == 1, &state.header[HeaderBit.orderLow + high])
                case .lpc:
                    range.encode(true, &state.header[HeaderBit.modeFirst])
                    range.encode(false, &state.header[HeaderBit.modeSecond])
                    let width = width(of: predictor.coefficients)
                    raw.write(UInt64(predictor.order - 1), count: 5)
                    raw.write(UInt64(predictor.shift), count: 4)
                    raw.write(UInt64(width - 1), count: 4)
                    for c in predictor.coefficients {
                        raw.write(UInt64(bitPattern: Int64(c)), count: UInt64(width))
                    }
                }
            }
            range.encode(lattice != nil, &state.header[HeaderBit.lattice])
            if let lattice {
                if state.lattice != nil { range.encode(sameLattice, &state.header[HeaderBit.sameLattice]) }
                if !sameLattice {
                    SideValue.write(UInt64(lattice.numerator - 2), to: &raw)
                    SideValue.write(UInt64(lattice.denominator - 1), to: &raw)
                    raw.write(UInt64(offsetShift), count: 5)
                    state.offsetModel = ResidualModel(initialShift: offsetShift)
                }
            }
            if key {
                raw.write(UInt64(modelShift), count: 5)
                state.model = ResidualModel(initialShift: modelShift)
            }
        }
    }

    /// Reads a channel header, resetting the models it restarts.
    static func decode(
        state: inout ChannelState, key: Bool, range: inout RangeDecoder, raw: inout RawBitReader
    ) throws(CodecError) -> ChannelPlan {
        var predictor: Predictor
        var reuse = false
        if let previous = state.predictor, range.decode(&state.header[HeaderBit.reuse]) {
            predictor = previous
            reuse = true
        } else if !range.decode(&state.header[HeaderBit.modeFirst]) {
            let high = range.decode(&state.header[HeaderBit.orderHigh]) ? 1 : 0
            let low = range.decode(&state.header[HeaderBit.orderLow + high]) ? 1 : 0
            predictor = .fixed(high * 2 + low)
        } else if !range.decode(&state.header[HeaderBit.modeSecond]) {
            let order = Int(try raw.read(5)) + 1
            let shift = Int(try raw.read(4))
            let width = try raw.read(4) + 1
            var coefficients = [Int32]()
            coefficients.reserveCapacity(order)
            for _ in 0..<order {
                let bits = try raw.read(width)
                let value = Int64(bitPattern: bits << (64 - width)) >> Int64(64 - width)
                coefficients.append(Int32(value))
            }
            predictor = .lpc(coefficients, shift: shift)
        } else {
            let offset = try SideValue.read(signed: &raw, field: "constant")
            let last = state.history.last ?? 0
            let (value, overflow) = last.addingReportingOverflow(offset)
            guard !overflow, let code = Int32(exactly: value) else {
                throw CodecError(.corrupt, "constant channel value is outside the 32-bit code range")
            }
            return .constant(Int64(code))
        }
        var lattice: Lattice?
        var same = false
        if range.decode(&state.header[HeaderBit.lattice]) {
            if let previous = state.lattice, range.decode(&state.header[HeaderBit.sameLattice]) {
                lattice = previous
                same = true
            } else {
                let numerator = try SideValue.read(&raw, field: "lattice numerator")
                let denominator = try SideValue.read(&raw, field: "lattice denominator")
                guard numerator <= UInt64(Lattice.maxNumerator - 2), denominator <= UInt64(Lattice.maxDenominator - 1),
                    denominator + 1 < numerator + 2
                else { throw CodecError(.corrupt, "lattice step \(numerator + 2)/\(denominator + 1) is out of range") }
                lattice = Lattice(numerator: Int64(numerator) + 2, denominator: Int64(denominator) + 1)
                let shift = UInt32(try raw.read(5))
                guard shift <= 26 else { throw CodecError(.corrupt, "model start \(shift) is above 26") }
                state.offsetModel.restart(initialShift: shift)
            }
        }
        if key {
            let shift = UInt32(try raw.read(5))
            guard shift <= 26 else { throw CodecError(.corrupt, "model start \(shift) is above 26") }
            state.model.restart(initialShift: shift)
        }
        return .predicted(predictor, reuse: reuse, lattice: lattice, sameLattice: same)
    }
}
