/// The `Metrics` module; see DESIGN.md for its one job.
public enum MetricsModule {}
