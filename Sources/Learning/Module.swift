/// The `Learning` module; see DESIGN.md for its one job.
public enum LearningModule {}
