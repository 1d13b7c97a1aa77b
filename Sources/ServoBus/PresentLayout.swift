import ServoWire
import SteadyCore

/// Where the present state lies in the one sync read that covers every motor's Present_*
/// registers, and how to decode it: shared by `RobotBus` and `SerialControlBus`, so both read
/// the same span and decode it the same way.
///
/// Hardware_Error_Status is not in the span: Dynamixel raises the alert bit of every status when
/// it is non-zero, and only then is it read, motor by motor.
public struct PresentLayout: Sendable {
    /// The one address span that covers every Present_* register of every model on the bus.
    public let span: (address: Int, length: Int)
    /// Per joint: each register's offset inside the span and its coding (nil: the model lacks it).
    private let fields: [Fields]

    private struct Fields: Sendable {
        var position: Field?
        var velocity: Field?
        var load: Field?
        var current: Field?
        var temperature: Field?
        var voltage: Field?
    }

    private struct Field: Sendable {
        var offset: Int
        var coding: RegisterCoding

        @inline(__always)
        func decode(_ data: UnsafePointer<UInt8>) -> Int { coding.decode(data + offset) }
    }

    /// The layout for motors with these control tables, in joint order.
    public init(tables: [ControlTable]) {
        let names: [RegisterName] = [.presentPosition, .presentVelocity, .presentLoad, .presentCurrent,
                     .presentTemperature, .presentVoltage]
        var low = Int.max, high = 0
        for table in tables {
            for name in names {
                guard let register = table[name] else { continue }
                low = min(low, Int(register.address))
                high = max(high, register.addresses.upperBound)
            }
        }
        span = (low, high - low)
        fields = tables.map { table in
            func field(_ name: RegisterName) -> Field? {
                table[name].map { Field(offset: Int($0.address) - low, coding: RegisterCoding($0, in: table)) }
            }
            return Fields(position: field(.presentPosition), velocity: field(.presentVelocity), load: field(.presentLoad),
                          current: field(.presentCurrent), temperature: field(.presentTemperature),
                          voltage: field(.presentVoltage))
        }
    }

    /// The first joint whose model has no Present_Position, if any.
    public var jointWithoutPosition: Int? { fields.firstIndex { $0.position == nil } }

    /// Decodes `joint`'s registers from the span's bytes at `data` into `state`, with the
    /// status error byte that came with them (Hardware_Error_Status reads 0 until read).
    ///
    /// - Important: Real-time safe: no allocation, no locks, no system calls.
    @inline(__always)
    public func decode(_ data: UnsafePointer<UInt8>, statusError: UInt8, joint: Int, into state: PresentState) {
        let f = fields[joint]
        state.positionTicks[joint] = f.position.map { $0.decode(data) } ?? 0
        state.velocity[joint] = f.velocity.map { $0.decode(data) } ?? 0
        state.load[joint] = f.load.map { $0.decode(data) } ?? 0
        if let current = f.current {
            state.current[joint] = current.decode(data)
            state.hasCurrent[joint] = true
        } else {
            state.hasCurrent[joint] = false
        }
        state.temperatureCelsius[joint] = f.temperature.map { $0.decode(data) } ?? 0
        state.voltage[joint] = f.voltage.map { $0.decode(data) } ?? 0
        state.statusError[joint] = statusError
        state.hardwareError[joint] = 0
    }
}
