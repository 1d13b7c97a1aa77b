/// The `Runtime` module; see DESIGN.md for its one job.
public enum RuntimeModule {}
