import Foundation

/// Shared test inputs: a small two-link arm and the locations of the files the tests read.
enum Fixtures {
    /// The package root, found from this file's path (Tests/SimTests/Fixtures.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// gymnasium's Pendulum-v1 reference run (how it was made: `Data/README.md` beside this file).
    static let pendulumCSV = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Data/gymnasium-pendulum-v1.csv")

    /// The SO-101 twin.
    static let so101Model = packageRoot.appendingPathComponent("robots/so101/model.xml")

    /// A two-link planar arm hanging in gravity, with position servos and a joint sensor.
    static let twoLinkXML = """
    <mujoco model="two_link">
      <compiler angle="radian"/>
      <option timestep="0.002"/>
      <worldbody>
        <body name="upper" pos="0 0 1">
          <joint name="shoulder" type="hinge" axis="0 1 0" range="-2 2" limited="true" damping="1"/>
          <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.02" mass="1"/>
          <body name="lower" pos="0.3 0 0">
            <joint name="elbow" type="hinge" axis="0 1 0" damping="1"/>
            <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.02" mass="0.5"/>
            <site name="tip" pos="0.3 0 0"/>
          </body>
        </body>
      </worldbody>
      <actuator>
        <position name="shoulder_servo" joint="shoulder" kp="20" forcelimited="true" forcerange="-5 5"/>
        <position name="elbow_servo" joint="elbow" kp="10"/>
      </actuator>
      <sensor>
        <jointpos name="elbow_angle" joint="elbow"/>
      </sensor>
    </mujoco>
    """

    /// A slider with a tiny mass, a huge servo gain and a large timestep: explicit integration of
    /// a spring this stiff diverges within a few steps.
    static let unstableXML = """
    <mujoco model="unstable">
      <option timestep="0.05"/>
      <worldbody>
        <body name="block">
          <joint name="slide" type="slide" axis="1 0 0"/>
          <geom type="box" size="0.01 0.01 0.01" mass="0.000001"/>
        </body>
      </worldbody>
      <actuator>
        <position name="servo" joint="slide" kp="1e9"/>
      </actuator>
    </mujoco>
    """
}
