// SensorGate — World: motion segments one after another, each continuing where the last ended.

import SensorMath

/// A sequence of motion segments. Each segment's profile is evaluated in its own time (from 0 at the
/// segment's start) and composed onto the orientation and position at which the previous segment
/// ended, so orientation and position are continuous across segment boundaries.
public struct MotionTimeline: MotionProfile {
    /// One segment: from `start` seconds on, `profile` (relative to where the body is then).
    public struct Segment: Sendable {
        /// The start in seconds since the start of the world.
        public var start: Double
        /// The motion, relative: its orientation at 0 is applied on top of the orientation then.
        public var profile: any MotionProfile

        /// Creates a segment.
        /// - Parameters:
        ///   - start: the start in seconds.
        ///   - profile: the relative motion.
        public init(start: Double, profile: any MotionProfile) {
            self.start = start
            self.profile = profile
        }
    }

    private let segments: [Segment]
    private let entryAttitudes: [Quaternion]
    private let entryPositions: [Vector3]

    /// Creates a timeline.
    /// - Parameters:
    ///   - initial: the orientation before the first segment (and throughout, with no segments).
    ///   - segments: the segments, in any order (sorted by start here).
    public init(initial: Quaternion = .identity, segments: [Segment]) {
        let sorted = segments.sorted { $0.start < $1.start }
        var attitudes: [Quaternion] = []
        var positions: [Vector3] = []
        var attitude = initial
        var position = Vector3.zero
        for (index, segment) in sorted.enumerated() {
            if index > 0 {
                let previous = sorted[index - 1]
                let local = segment.start - previous.start
                let start = previous.profile.orientation(at: 0)
                attitude = (attitude * start.conjugate * previous.profile.orientation(at: local)).normalized
                position =
                    position
                    + attitudes[index - 1].rotate(
                        start.conjugate.rotate(previous.profile.position(at: local) - previous.profile.position(at: 0)))
            }
            attitudes.append(attitude)
            positions.append(position)
        }
        self.segments = sorted
        self.entryAttitudes = attitudes.isEmpty ? [initial] : attitudes
        self.entryPositions = positions.isEmpty ? [.zero] : positions
    }

    private func segment(at t: Double) -> Int? {
        segments.lastIndex { $0.start <= t }
    }

    /// The entry orientation composed with the segment's motion since its start.
    public func orientation(at t: Double) -> Quaternion {
        guard let index = segment(at: t) else { return entryAttitudes[0] }
        let profile = segments[index].profile
        let local = t - segments[index].start
        return (entryAttitudes[index] * profile.orientation(at: 0).conjugate * profile.orientation(at: local))
            .normalized
    }

    /// The entry position plus the segment's displacement, turned into the entry frame.
    public func position(at t: Double) -> Vector3 {
        guard let index = segment(at: t) else { return entryPositions[0] }
        let profile = segments[index].profile
        let local = t - segments[index].start
        let start = profile.orientation(at: 0)
        return entryPositions[index]
            + entryAttitudes[index].rotate(
                start.conjugate.rotate(profile.position(at: local) - profile.position(at: 0)))
    }

    /// The segment's own body rate (the composition is a fixed rotation of the earth frame).
    public func angularRate(at t: Double) -> Vector3 {
        guard let index = segment(at: t) else { return .zero }
        return segments[index].profile.angularRate(at: t - segments[index].start)
    }

    /// The segment's acceleration, turned into the entry frame.
    public func acceleration(at t: Double) -> Vector3 {
        guard let index = segment(at: t) else { return .zero }
        let profile = segments[index].profile
        return entryAttitudes[index].rotate(
            profile.orientation(at: 0).conjugate.rotate(profile.acceleration(at: t - segments[index].start)))
    }
}
