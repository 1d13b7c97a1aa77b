/// The `ServoBus` module; see DESIGN.md for its one job.
public enum ServoBusModule {}
