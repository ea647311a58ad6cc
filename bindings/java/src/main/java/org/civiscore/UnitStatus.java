package org.civiscore;

/** The status of one unit in a result (CIVISCORE_UNIT_*). */
public enum UnitStatus {
    /** Root scored from complete data. */
    OK("ok"),
    /** Root scored, some indicator values missing (coverage below 1). */
    PARTIAL("partial"),
    /** Root could not be scored: the unit is unranked and ungraded. */
    UNSCORED("unscored");

    private final String label;

    UnitStatus(String label) {
        this.label = label;
    }

    /** "ok", "partial" or "unscored", as in the JSON and CSV output. */
    public String label() {
        return label;
    }

    static UnitStatus of(int code) {
        switch (code) {
            case 0: return OK;
            case 1: return PARTIAL;
            case 2: return UNSCORED;
            default: throw new InternalException("unknown unit status " + code + " from the library");
        }
    }
}
