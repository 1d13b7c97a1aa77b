"""The physics twin as dynamixel-sdk sees it: Protocol 2.0 on a default (MuJoCo) koch twin, in
real time, nothing but Dynamixel packets on the port.

The so101 facts of physics_interop.py, for koch's weaker motors (XL430-W250 at the shoulder,
XL330-M288 from the elbow out): with torque off the arm sags under gravity and the base pan
does not move; holding the arm out, the elbow's Present_Current (signed, mA) pushes against the
way it sagged; a wrist_flex goal step settles near its goal. Times come from the samples' own
timestamps (taken when a reply is in), so a busy machine makes them late, never early.

Figures measured on this twin (robot.yaml's gains), which the thresholds below leave margin to:
holding the homing pose, shoulder_lift droops 0.9° and elbow_flex 1.9–2.0° (P-only position
loops against gravity); torque off for 1 s, elbow_flex sags +58–60°, shoulder_lift +16–17°,
pan 0.0°; arm out at (lift 45°, elbow −45°) the elbow draws −434…−441 mA and shoulder_lift's
Present_Load is −22%; a 30° wrist_flex step overshoots to 38° and settles within 2° after
0.20 s, 0.9° past the goal.
"""
import time

import dynamixel_sdk as dxl

from interop_support import SampledArm, SettleWatch, check, degrees, physics_arm, ticks

IDS = [1, 2, 3, 4, 5, 6]   # shoulder_pan, shoulder_lift, elbow_flex, wrist_flex, wrist_roll, gripper
PAN, LIFT, ELBOW, WRIST = 0, 1, 2, 3
# X-series control table (Sources/ServoWire/ControlTable+Dynamixel.swift). 126 is Present_Current
# (mA) on the XL330s and Present_Load (0.1 %) on the XL430s; both are signed 16-bit.
TORQUE_ENABLE, D_GAIN, I_GAIN, P_GAIN, GOAL_POSITION = 64, 80, 82, 84, 116
PRESENT_CURRENT, PRESENT_VELOCITY, PRESENT_POSITION = 126, 128, 132
# robots/koch/robot.yaml's position gains: P 800, I 0, D 0; shoulder_lift and elbow_flex P 1500, D 600.
P_GAINS, D_GAINS = [800, 1500, 1500, 800, 800, 800], [0, 600, 600, 0, 0, 0]


def signed(value, bits):
    """Dynamixel's two's-complement registers."""
    return value - (1 << bits) if value & (1 << (bits - 1)) else value


class Arm(SampledArm):
    """The koch twin's six motors through dynamixel_sdk: sync writes out, one sync read of
    Present_Current/Load, Present_Velocity and Present_Position (126…135) in."""
    IDS, GOAL_SIZE = IDS, 4
    TORQUE_ENABLE, GOAL_POSITION = TORQUE_ENABLE, GOAL_POSITION

    def __init__(self, port):
        self.port = port
        self.packet = dxl.PacketHandler(2.0)
        self.reader = dxl.GroupSyncRead(port, self.packet, PRESENT_CURRENT, 10)
        for i in IDS:
            self.reader.addParam(i)

    def write_all(self, address, size, values):
        writer = dxl.GroupSyncWrite(self.port, self.packet, address, size)
        for i, value in zip(IDS, values):
            writer.addParam(i, list(value.to_bytes(size, "little", signed=True)))
        return writer.txPacket() == dxl.COMM_SUCCESS

    def configure(self):
        return (self.write_all(P_GAIN, 2, P_GAINS) and self.write_all(I_GAIN, 2, [0] * 6)
                and self.write_all(D_GAIN, 2, D_GAINS))

    def read(self):
        """[(position ticks, velocity 0.229 rpm, current mA or load 0.1 %)] per motor, or None."""
        if self.reader.txRxPacket() != dxl.COMM_SUCCESS:
            return None
        return [(signed(self.reader.getData(i, PRESENT_POSITION, 4), 32),
                 signed(self.reader.getData(i, PRESENT_VELOCITY, 4), 32),
                 signed(self.reader.getData(i, PRESENT_CURRENT, 2), 16)) for i in IDS]


def wrist_step_settles(arm):
    # wrist_flex carries only the wrist and gripper (P 800 on a 0.52 N.m XL330): measured, a 30°
    # step overshoots to ~38°, is within 2° after 0.21 s and rests 0.9° past the goal, the way
    # gravity pulls it. 2° leaves twice the measured margin; a step that never moved or a motor
    # that cannot reach 30° fails. The twin runs on the wall clock, which a busy machine slows:
    # the settle time is printed, and asserted in simulated time by Tests/SimTests/MuJoCoPlantTests.swift.
    goal = 30
    start = time.monotonic()
    arm.packet.write4ByteTxRx(arm.port, IDS[WRIST], GOAL_POSITION, ticks(goal))
    watch = SettleWatch(WRIST, goal, 2)
    trace = [(t, states[WRIST]) for t, states in arm.record(10.0, start, until=watch)]
    settled = watch.settled_at
    error = degrees(trace[-1][1][0]) - goal
    check("30° wrist_flex goal step settles within 2° and stays for 0.5 s (deadline 10 s)",
          settled is not None and abs(error) < 2,
          f"after {settled if settled is None else round(settled, 3)} s of wall time, rests {error:+.2f}° from the goal, "
          f"peak {max(degrees(p) for _, (p, _, _) in trace):.1f}°")


def torque_off_sags(arm):
    """Returns the elbow's sag direction (+1 or −1) for the current check."""
    held = arm.hold([0] * 6, 1.5)[-1][1]
    limp = arm.release(1.0)[-1][1]
    sag = [degrees(after[0]) - degrees(before[0]) for after, before in zip(limp, held)]
    # Measured: elbow_flex +58–60°, shoulder_lift +16–17° (it swings back to +7° before the falling
    # forearm drags it on), pan 0.0° (its axis is vertical: gravity has no torque on it).
    check("torque off for 1 s: elbow_flex and shoulder_lift sag, pan stays",
          abs(sag[ELBOW]) > 20 and abs(sag[LIFT]) > 5 and abs(sag[PAN]) < 1
          and all(current == 0 for _, _, current in limp),
          f"sag {sag[ELBOW]:.1f}°, {sag[LIFT]:.1f}°, pan {sag[PAN]:.1f}°")
    return 1 if sag[ELBOW] > 0 else -1


def arm_out_draws_current(arm, sag_direction):
    # Upper arm 45° forward, forearm level: the elbow holds the forearm, wrist and gripper out.
    # Measured: −434…−441 mA (≈ 30% of the XL330's stall current), 2.0° short of the goal in the sag
    # direction, still; shoulder_lift's Present_Load −22%; pan within 0.7%. 150 mA is a third of that.
    out = [0, 45, -45, 0, 0, 0]
    samples = arm.hold(out, 2.5)
    last = samples[-1][1]
    still = all(states[ELBOW][1] == 0 for t, states in samples if t > 2.3)
    current, droop = last[ELBOW][2], degrees(last[ELBOW][0]) - out[ELBOW]
    check("arm held out: elbow_flex Present_Current against the sag, shoulder_lift loaded, pan not",
          still and abs(current) >= 150 and current * sag_direction < 0 and 0 < droop * sag_direction < 5
          and last[LIFT][2] * sag_direction < 0 and abs(last[PAN][2]) < 30,
          f"{current} mA, {droop:+.2f}° from the goal, shoulder_lift load {last[LIFT][2] / 10:.1f}%, "
          f"pan load {last[PAN][2] / 10:.1f}%")


def dynamixel_physics(steady):
    print("dynamixel-sdk ↔ koch twin with its default MuJoCo physics, in real time")
    # P-only position loops hold short under gravity: measured 2.0° on elbow_flex, 0.9° elsewhere.
    with physics_arm(steady, "koch", dxl.PortHandler, Arm, "P 800/1500, I 0, D 0/600", 3) as arm:
        wrist_step_settles(arm)
        arm_out_draws_current(arm, torque_off_sags(arm))
