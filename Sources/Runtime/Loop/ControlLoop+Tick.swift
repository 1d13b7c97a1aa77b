import ServoBus
import SteadyCore

/// The body of one tick, and the reactions to what it finds.
extension ControlLoop {
    /// Runs the tick for `deadline`, woken at `wake` after skipping `missed` deadlines.
    ///
    /// - Important: Real-time: no allocation, no locks, no system calls besides bus I/O.
    func tick(deadline: UInt64, wake: UInt64, missed: UInt64) {
        counters.ticks.wrappingIncrement(ordering: .relaxed)
        let lateness = wake >= deadline ? wake - deadline : 0
        if lateness > periodNanoseconds / 4 { counters.late.wrappingIncrement(ordering: .relaxed) }
        if Int(lateness) > counters.worstLatenessNanoseconds.load(ordering: .relaxed) {
            counters.worstLatenessNanoseconds.store(Int(lateness), ordering: .relaxed)
        }
        let tickIndex = (deadline - startNanoseconds) / periodNanoseconds
        if stopRequested.load(ordering: .relaxed) { beginStop(.requested) }
        if let durationTicks, tickIndex > durationTicks { beginStop(.duration) }

        var status = phaseStatus
        var policyNanoseconds: UInt64?
        var policyCalled = false
        let retriesBefore = bus.statistics.retries
        let busStart = clock.nanoseconds()
        // The bus waits on the monotonic clock (its transport does), whatever clock drives the loop.
        let read = bus.readPresent(into: present, deadlineNanoseconds: Monotonic.nanoseconds() + busBudgetNanoseconds)
        var busNanoseconds = clock.nanoseconds() - busStart

        // A failed read leaves the previous tick's readings in place: the tick still runs on
        // them (one period stale) so that the command stream keeps its period — a gap would
        // upset the acceleration and jerk limits — and counts toward the watchdog.
        var failure: BusOutcome?
        if read.isOK {
            fillInputsAndObservation()
            if phase != .stopping, let joint = (0..<jointCount).first(where: { motorFault(joint: $0) }) {
                beginStop(.motorError(joint: joint, statusError: present.statusError[joint]))
            }
        } else {
            status.insert(.readFailed)
            if read == .vanished { failTick(read) } else { failure = read }
        }
        inputs.periodSeconds = configuration.safetyPeriodFollowsClock
            ? Double(deadline - lastCommandNanoseconds) * 1e-9 : periodSeconds
        inputs.tick = tickIndex

        var policyTarget: UnsafeBufferPointer<Double>?
        var report: SafetyReport?
        if phase != .finished {
            switch phase {
            case .softStart:
                if policyTickCounter % configuration.ticksPerPolicyCall == 0 {
                    // Quintic smoothstep: zero velocity and acceleration at both ends. Indexed by
                    // ticks run, not deadlines: the chain counts one period per tick, and a ramp
                    // that jumped over a skipped deadline would hand it a step.
                    let fraction = softStartTicks == 0 ? 1 : min(1, Double(softStartTicksRun + 1) / Double(softStartTicks))
                    let s = fraction * fraction * fraction * (10 + fraction * (6 * fraction - 15))
                    for joint in 0..<jointCount {
                        target[joint] = rampStart[joint] + (rampEnd[joint] - rampStart[joint]) * s
                    }
                    policyTarget = UnsafeBufferPointer(target)
                }
                policyTickCounter += 1
                softStartTicksRun += 1
                if softStartTicksRun >= softStartTicks {
                    phaseValue.store(Phase.active.rawValue, ordering: .relaxed)
                    policyTickCounter = 0
                }
            case .active:
                if policyTickCounter % configuration.ticksPerPolicyCall == 0 {
                    policyCalled = true
                    let start = clock.nanoseconds()
                    policy.act(observation: UnsafeBufferPointer(observation), action: action)
                    let took = clock.nanoseconds() - start
                    policyNanoseconds = took
                    if took > policyBudgetNanoseconds {
                        status.insert(.policyOverrun)
                        counters.policyOverruns.wrappingIncrement(ordering: .relaxed)
                    } else {
                        for joint in 0..<jointCount { target[joint] = Double(action[joint]) }
                        policyTarget = UnsafeBufferPointer(target)
                    }
                }
                policyTickCounter += 1
            case .stopping:
                // A planned stop: the quintic from the command's position, velocity and
                // acceleration at the stop to rest (zero velocity and acceleration), then the
                // pose is held. A static target at once would be a step for the acceleration
                // and jerk limiter (see LoopConfiguration.safetyPeriodFollowsClock).
                if stopTicksRun <= stopTicks {
                    let t = min(Double(stopTicksRun) * periodSeconds, stopSeconds), T = stopSeconds
                    for joint in 0..<jointCount {
                        let v = stopVelocity[joint], a = stopAcceleration[joint]
                        let c3 = -v / (T * T) - 2 * a / (3 * T), c4 = v / (2 * T * T * T) + a / (4 * T * T)
                        target[joint] = holdPose[joint] + t * (v + t * (a / 2 + t * (c3 + t * c4)))
                    }
                    policyTarget = UnsafeBufferPointer(target)
                    stopTicksRun += 1
                }
            case .idle, .finished:
                break
            }
            if policyCalled { status.insert(.policyCalled) }
            let applied = chain.apply(policyTarget: policyTarget, inputs: inputs)
            report = applied
            react(to: applied)
            for joint in 0..<jointCount {
                goalTicks[joint] = conversions[joint].ticks(radians: chain.lastSafeCommand[joint])
            }
            let writeStart = clock.nanoseconds()
            let written = bus.writeGoals(UnsafeBufferPointer(goalTicks))
            busNanoseconds += clock.nanoseconds() - writeStart
            if written.isOK {
                status.insert(.written)
                lastCommandNanoseconds = deadline
            } else {
                status.insert(.writeFailed)
                failure = failure ?? written
            }
            if let failure {
                failTick(failure)
            } else {
                failedInARow = 0
            }
            if phase == .stopping {
                holdTicksLeft -= 1
                if holdTicksLeft <= 0 { phaseValue.store(Phase.finished.rawValue, ordering: .relaxed) }
            }
        }

        guard let record = ring?.claim() else { return }
        let layout = ring!.layout
        record[layout.index(.tick)] = Double(tickIndex)
        record[layout.index(.timeSeconds)] = Double(deadline - startNanoseconds) * 1e-9
        record[layout.index(.latenessMicroseconds)] = Double(lateness) * 1e-3
        record[layout.index(.missed)] = Double(missed)
        record[layout.index(.flags)] = Double(report?.flags.rawValue ?? 0)
        record[layout.index(.status)] = Double(status.rawValue)
        record[layout.index(.policyMicroseconds)] = policyNanoseconds.map { Double($0) * 1e-3 } ?? .nan
        record[layout.index(.busMicroseconds)] = Double(busNanoseconds) * 1e-3
        record[layout.index(.retries)] = Double(bus.statistics.retries - retriesBefore)
        for joint in 0..<jointCount {
            let ok = read.isOK
            record[layout.index(.position, joint: joint)] = ok ? inputs.presentPositions[joint] : .nan
            record[layout.index(.velocity, joint: joint)] = ok ? inputs.presentVelocities[joint] : .nan
            record[layout.index(.load, joint: joint)] = ok ? inputs.presentLoads[joint] : .nan
            record[layout.index(.current, joint: joint)] = ok ? presentCurrentAmps[joint] : .nan
            record[layout.index(.temperature, joint: joint)] = ok ? inputs.presentTemperatures[joint] : .nan
            record[layout.index(.action, joint: joint)] = policyCalled ? Double(action[joint]) : .nan
            record[layout.index(.command, joint: joint)] = chain.lastSafeCommand[joint]
            record[layout.index(.flags, joint: joint)] = report == nil ? 0 : Double(chain.flags(joint: joint).rawValue)
        }
        ring!.publish()
    }

    /// The phase bit of a tick record.
    var phaseStatus: TickStatus {
        switch phase {
        case .softStart: return .softStart
        case .stopping, .finished: return .stopping
        case .active, .idle: return .active
        }
    }

    /// Present registers → SI inputs of the safety chain and the policy's observation
    /// (positions, then velocities), by the bus's one raw → SI conversion.
    func fillInputsAndObservation() {
        for joint in 0..<jointCount {
            let measured = present[joint].measurement(conversion: conversions[joint], units: units[joint])
            inputs.presentPositions[joint] = measured.positionRadians
            inputs.presentVelocities[joint] = measured.velocityRadiansPerSecond
            inputs.presentLoads[joint] = measured.loadFraction
            inputs.presentTemperatures[joint] = measured.temperatureCelsius
            presentCurrentAmps[joint] = measured.currentAmps ?? .nan
            observation[joint] = Float(measured.positionRadians)
            observation[jointCount + joint] = Float(measured.velocityRadiansPerSecond)
        }
    }

    /// Whether joint's status byte reports a fault: any Feetech status bit; Dynamixel's
    /// instruction-error bits or its hardware alert bit.
    func motorFault(joint: Int) -> Bool {
        present.statusError[joint] != 0
    }

    /// Counts a failed tick and stops after too many in a row, or at once when the port is gone.
    func failTick(_ outcome: BusOutcome) {
        counters.failedTicks.wrappingIncrement(ordering: .relaxed)
        failedInARow += 1
        if outcome == .vanished || failedInARow >= configuration.failedTicksLimit {
            beginStop(.bus(outcome, failedTicks: failedInARow))
        }
    }

    /// Enters the stop phase (first reason wins): hold the last command, or finish at once when
    /// the bus has failed.
    func beginStop(_ reason: StopReason) {
        if case .bus = reason {
            if stopReason == nil || phase == .stopping { stopReason = stopReason ?? reason }
            phaseValue.store(Phase.finished.rawValue, ordering: .relaxed)
            return
        }
        guard phase != .stopping, phase != .finished else { return }
        stopReason = reason
        // Stop time T: the quintic's deceleration (about |a₀| + 1.5·|v₀|/T) within the
        // acceleration limit, its jerk at either end (6|v₀|/T² + 4|a₀|/T at most) within half
        // the jerk limit, and at least two periods.
        var seconds = 2 * periodSeconds
        let c = chain.configuration
        for joint in 0..<jointCount {
            holdPose[joint] = chain.lastSafeCommand[joint]
            let velocity = chain.state.previousVelocity[joint], acceleration = chain.state.previousAcceleration[joint]
            stopVelocity[joint] = velocity.isFinite ? velocity : 0
            stopAcceleration[joint] = acceleration.isFinite ? acceleration : 0
            let speed = abs(stopVelocity[joint]), push = abs(stopAcceleration[joint])
            if let a = c.accelerationLimitsRadiansPerSecond2[joint] { seconds = max(seconds, 3 * speed / a) }
            if let j = c.jerkLimitsRadiansPerSecond3[joint] {
                seconds = max(seconds, (24 * speed / j).squareRoot(), 16 * push / j)
            }
        }
        stopSeconds = seconds
        stopTicks = Int((seconds / periodSeconds).rounded(.up))
        stopTicksRun = 1
        holdTicksLeft = max(holdTicks, stopTicks + 1)
        phaseValue.store(Phase.stopping.rawValue, ordering: .relaxed)
    }

    /// The loop's reactions to the safety chain's events.
    func react(to report: SafetyReport) {
        for event in report.events {
            switch event {
            case .temperatureWarning:
                break
            case let .temperatureStop(joint, celsius):
                beginStop(.temperature(joint: joint, celsius: celsius))
            case let .stall(joint, action):
                if action == .reduceTorque, !torqueReduced[joint], let reduction = stallReduction[joint] {
                    torqueReduced[joint] = true
                    counters.stallReactions.wrappingIncrement(ordering: .relaxed)
                    _ = bus.write(reduction.coding, joint: joint, value: reduction.value)
                } else if action == .dropTorque || stallReduction[joint] == nil {
                    if phase != .stopping && phase != .finished {
                        counters.stallReactions.wrappingIncrement(ordering: .relaxed)
                        _ = bus.write(torqueEnable[joint], joint: joint, value: 0)
                        beginStop(.stall(joint: joint))
                    }
                }
            }
        }
    }
}
