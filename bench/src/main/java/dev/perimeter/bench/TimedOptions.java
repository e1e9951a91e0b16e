package dev.perimeter.bench;

/** The timing options every load run shares: warm-up, measured time, and its turns. */
abstract class TimedOptions {
    public double warmupSeconds;
    /** Measured time, split into {@link #rounds} turns taken in alternation, against drift. */
    public double seconds;
    public int rounds;

    TimedOptions(double warmupSeconds, double seconds, int rounds) {
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.rounds = rounds;
    }

    /** Sets {@code --warmup}, {@code --seconds} or {@code --rounds}; false for another name. */
    boolean setTiming(String name, String value) {
        switch (name) {
            case "warmup":
                warmupSeconds = Double.parseDouble(value);
                return true;
            case "seconds":
                seconds = Double.parseDouble(value);
                return true;
            case "rounds":
                rounds = Integer.parseInt(value);
                return true;
            default:
                return false;
        }
    }
}
