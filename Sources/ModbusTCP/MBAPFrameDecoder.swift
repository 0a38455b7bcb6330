// SensorGate — ModbusTCP: MBAP frames out of a TCP byte stream.

import Modbus
import NIOCore

/// Cuts the TCP stream into MBAP frames. A frame that breaks the framing (protocol id ≠ 0, a length
/// outside 2 … 254) throws, and the server closes the connection: a stream cannot be resynchronised.
struct MBAPFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = MBAPFrame

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let view = buffer.viewBytes(at: buffer.readerIndex, length: min(buffer.readableBytes, 260)),
            let (frame, consumed) = try MBAPFrame.decode(view)
        else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: consumed)
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
