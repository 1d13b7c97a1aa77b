/// The `Sim` module; see DESIGN.md for its one job.
public enum SimModule {}
