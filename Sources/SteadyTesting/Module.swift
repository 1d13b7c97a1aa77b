/// The `SteadyTesting` module; see DESIGN.md for its one job.
public enum SteadyTestingModule {}
