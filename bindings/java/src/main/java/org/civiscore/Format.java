package org.civiscore;

/** Output formats of a result (docs/output-formats.md). */
public enum Format {
    JSON(0),
    CSV(1),
    /** A ranking for people; JSON and CSV are for programs. */
    TABLE(2);

    final int code;

    Format(int code) {
        this.code = code;
    }
}
