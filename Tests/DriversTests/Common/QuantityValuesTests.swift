// SensorGate — tests of a reading's values looked up in place, as the batcher and the edge stage read them.

import Drivers
import HAL
import Testing

@Suite struct QuantityValuesTests {
    @Test func aLookupInPlaceGivesWhatTheSubscriptGivesForEveryQuantity() {
        var values = QuantityValues()
        values[.pressurePa] = SensorComponents(101_325.5)
        values[.accelMps2] = SensorComponents(-0.25, 9.80665, 1e-9)
        values[.magUT] = SensorComponents(-48.5, 0, 22.125)
        values[.humidityRH] = [41.0, 0.5]
        let reading = SensorReading(timestamp: MonotonicInstant(nanoseconds: 7_000), values: values)
        withUnsafePointer(to: values) { pointer in
            for quantity in Quantity.allCases {
                #expect(QuantityValues.components(of: quantity, in: pointer) == values[quantity], "\(quantity)")
            }
        }
        withUnsafePointer(to: reading) { pointer in
            #expect(pointer.components(.pressurePa) == SensorComponents(101_325.5))
            #expect(pointer.components(.accelMps2) == SensorComponents(-0.25, 9.80665, 1e-9))
            #expect(pointer.components(.magUT) == SensorComponents(-48.5, 0, 22.125))
            #expect(pointer.components(.humidityRH).map(Array.init) == [41.0, 0.5])
            // Absent quantities read as nil, not as empty components.
            #expect(pointer.components(.temperatureC) == nil)
            #expect(pointer.components(.gyroRadps) == nil)
        }
    }
}
