import CSerialPort
import Foundation
import ServoWire
import SteadyCore

/// Options for a twin's serial behaviour, mostly for tests and benchmarks.
public struct TwinOptions: Sendable {
    /// Delay replies as the real line would: instruction and reply bytes at 10 bits per byte at
    /// the robot's baud rate, plus each motor's Return_Delay_Time.
    public var baudTiming = false
    /// Probability that a reply frame is never sent.
    public var dropRate = 0.0
    /// Probability that one bit of a reply frame is flipped.
    public var corruptRate = 0.0
    /// Extra delay before every reply, milliseconds.
    public var latencyMilliseconds = 0.0
    /// Seed of the fault-injection generator.
    public var seed: UInt64 = 1

    public init(baudTiming: Bool = false, dropRate: Double = 0, corruptRate: Double = 0,
                latencyMilliseconds: Double = 0, seed: UInt64 = 1) {
        self.baudTiming = baudTiming
        self.dropRate = dropRate
        self.corruptRate = corruptRate
        self.latencyMilliseconds = latencyMilliseconds
        self.seed = seed
    }
}

/// Counters a running twin keeps; read them after `stop()`.
public struct TwinStatistics: Sendable {
    public var instructions = 0
    public var replies = 0
    public var dropped = 0
    public var corrupted = 0
    public var corruptInstructions = 0
}

/// Serves a `ServoTwin` on a pseudo-terminal: reads instruction bytes, answers them with the
/// line timing and faults of `TwinOptions`, and steps the plant locked to the wall clock.
///
/// One thread does everything (no locks): it waits with `ppoll` for bytes, the next plant step
/// or the next scheduled reply, whichever comes first.
public final class TwinServer {
    public let twin: ServoTwin
    public let terminal: PseudoTerminal
    public let options: TwinOptions
    public private(set) var statistics = TwinStatistics()
    /// Why the loop ended, if the plant failed or the state file could not be written.
    public private(set) var failure: Error?
    /// Where the motors' power-on EEPROM is saved (`TwinStateFile`) whenever an instruction
    /// changes it; nil saves nothing. Set before `run()`; the file is expected to hold the
    /// twin's state as it is when set.
    public var stateFile: URL? {
        didSet { savedRevision = twin.persistentRevision }
    }
    private var savedRevision = 0

    private var decoder: PacketDecoder
    private var random: SeededGenerator
    private var scheduled: [(dueNanoseconds: UInt64, bytes: [UInt8])] = []
    private var lineFreeNanoseconds: UInt64 = 0
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    /// Creates the server; call `run()` (blocking) or `start()` (background thread).
    /// - Throws: `SettingError` when an option is out of range (`TwinRanges`).
    public init(twin: ServoTwin, terminal: PseudoTerminal, options: TwinOptions = TwinOptions()) throws {
        if let problem = options.problem { throw SettingError(name: "twin options", reason: problem) }
        self.twin = twin
        self.terminal = terminal
        self.options = options
        decoder = PacketDecoder(protocolKind: twin.robot.protocolKind, direction: .instructions)
        random = SeededGenerator(seed: options.seed)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SerialPortError.failed(port: terminal.slavePath, operation: "pipe", errno: errno) }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        _ = fcntl(wakeRead, F_SETFL, O_NONBLOCK)
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// Nanoseconds one byte takes on the line (8N1).
    private var byteNanoseconds: UInt64 { UInt64(10_000_000_000 / max(twin.robot.baudRate, 1)) }

    /// Asks the loop to end; safe from any thread and from a signal handler's pipe write.
    public func requestStop() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// The write end of the wake-up pipe, for a signal handler to poke (`write(fd, &b, 1)`).
    public var stopDescriptor: Int32 { wakeWrite }

    /// Runs the loop on a background thread.
    public func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "steady-twin"
        self.thread = thread
        thread.start()
    }

    /// Stops a loop started with `start()` and waits for it to end.
    public func stop() {
        guard thread != nil else { return }
        requestStop()
        finished.wait()
        thread = nil
    }

    /// Serves until `requestStop()` or a plant failure.
    public func run() {
        let stepNanoseconds = UInt64(twin.plant.stepSeconds * 1e9)
        var nextStep = Monotonic.nanoseconds() + stepNanoseconds
        var buffer = [UInt8](repeating: 0, count: 4096)
        var descriptors = [pollfd(fd: terminal.masterDescriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        while true {
            let now = Monotonic.nanoseconds()
            // Plant steps that are due, at most 0.1 s worth at once (never a runaway burst).
            if now >= nextStep {
                let due = min((now - nextStep) / stepNanoseconds + 1, UInt64(max(1, 0.1 / twin.plant.stepSeconds)))
                do {
                    try twin.advance(seconds: Double(due) * twin.plant.stepSeconds)
                } catch {
                    failure = error
                    return
                }
                nextStep += due * stepNanoseconds
                if nextStep < now { nextStep = now + stepNanoseconds }
            }
            flushDueReplies(now: Monotonic.nanoseconds())
            let wake = min(nextStep, scheduled.first?.dueNanoseconds ?? .max)
            let current = Monotonic.nanoseconds()
            let wait = wake > current ? wake - current : 0
            var timeout = timespec(tv_sec: Int(wait / 1_000_000_000), tv_nsec: Int(wait % 1_000_000_000))
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            let ready = ppoll(&descriptors, 2, &timeout, nil)
            if ready < 0, errno != EINTR { failure = SerialPortError.failed(port: terminal.slavePath, operation: "poll", errno: errno); return }
            if descriptors[1].revents & Int16(POLLIN) != 0 { return }
            if descriptors[0].revents & Int16(POLLIN) != 0 {
                let count = read(terminal.masterDescriptor, &buffer, buffer.count)
                if count > 0 {
                    decoder.feed(buffer[0..<count])
                    handleFrames(arrival: Monotonic.nanoseconds())
                    if !saveStateIfChanged() { return }
                }
            }
        }
    }

    /// Saves the state file when the motors' power-on EEPROM changed; false (and `failure`)
    /// when it cannot be written.
    private func saveStateIfChanged() -> Bool {
        guard let stateFile, twin.persistentRevision != savedRevision else { return true }
        do {
            try TwinStateFile.save(twin, to: stateFile)
            savedRevision = twin.persistentRevision
            return true
        } catch {
            failure = error
            return false
        }
    }

    private func handleFrames(arrival: UInt64) {
        while let frame = decoder.nextFrame() {
            switch frame {
            case let .instruction(packet):
                statistics.instructions += 1
                let instructionBytes = UInt64(twin.codec.encode(packet).count)
                let replies = twin.respond(to: packet)
                schedule(replies, instructionBytes: instructionBytes, arrival: arrival, returnDelayOf: packet.id)
            case .corrupt:
                statistics.corruptInstructions += 1
            case .status:
                break
            }
        }
    }

    /// Queues replies at the times the real line would deliver their last byte.
    private func schedule(_ replies: [[UInt8]], instructionBytes: UInt64, arrival: UInt64, returnDelayOf id: UInt8) {
        var cursor = arrival
        if options.baudTiming {
            cursor = max(arrival, lineFreeNanoseconds) + instructionBytes * byteNanoseconds
        }
        cursor += UInt64(options.latencyMilliseconds * 1e6)
        for var reply in replies {
            if options.baudTiming {
                let delayUnits = twin.motor(id: id)?.value(.returnDelayTime) ?? 0
                cursor += UInt64(delayUnits) * 2_000 + UInt64(reply.count) * byteNanoseconds
            }
            if options.dropRate > 0, random.nextUnit() < options.dropRate {
                statistics.dropped += 1
                continue
            }
            if options.corruptRate > 0, random.nextUnit() < options.corruptRate {
                let index = Int(random.next() % UInt64(reply.count))
                reply[index] ^= UInt8(1) << UInt8(random.next() % 8)
                statistics.corrupted += 1
            }
            scheduled.append((cursor, reply))
        }
        lineFreeNanoseconds = cursor
        flushDueReplies(now: Monotonic.nanoseconds())
    }

    private func flushDueReplies(now: UInt64) {
        while let first = scheduled.first, first.dueNanoseconds <= now {
            scheduled.removeFirst()
            let written = first.bytes.withUnsafeBytes { write(terminal.masterDescriptor, $0.baseAddress, $0.count) }
            if written == first.bytes.count { statistics.replies += 1 }
        }
    }
}
