/// The `ServoWire` module; see DESIGN.md for its one job.
public enum ServoWireModule {}
