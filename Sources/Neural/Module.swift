/// The `Neural` module; see DESIGN.md for its one job.
public enum NeuralModule {}
