import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.civiscore.CiviscoreException;
import org.civiscore.Fitted;
import org.civiscore.Model;
import org.civiscore.Result;
import org.civiscore.UnitStatus;

/**
 * Scores the 三社联动 example and prints the top ten communities with their grades.
 *
 * <pre>
 * javac -cp /usr/share/java/jna.jar:civiscore.jar ScoreSanshe.java
 * java -Djna.library.path=/path/to/lib -cp /usr/share/java/jna.jar:civiscore.jar:. ScoreSanshe \
 *     examples/sanshe/model.json examples/sanshe/communities.csv
 * </pre>
 */
public final class ScoreSanshe {
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Model model = Model.fromFile(Path.of(args[0]));
             Fitted fitted = model.fitCsv(Path.of(args[1]));          // learn min/max, mean/sd once
             Result result = model.scoreCsv(Path.of(args[1]), fitted)) { // score on that scale
            out.println(model.name() + " (" + model.id() + "), sha256 " + result.modelSha256());
            double[] total = result.total();
            long[] ranks = result.ranks();         // 1 = best; 0 = unranked (unscored unit)
            String[] grades = result.grades();     // null = no grade
            UnitStatus[] statuses = result.statuses();
            for (int rank = 1; rank <= 10; rank++) {
                for (int i = 0; i < result.unitCount(); i++) {
                    if (ranks[i] == rank) {
                        out.printf("%3d  %-8s %7.2f  %s  %s%n", rank, result.unitIds().get(i), total[i],
                                grades[i], statuses[i].label());
                    }
                }
            }
        } catch (CiviscoreException e) {
            // The class says what kind of failure (ModelException, DataException, FileException, ...),
            // the message where: JSON pointer, CSV line and column, unit and column.
            System.err.println(e.getClass().getSimpleName() + " (status " + e.status() + "): " + e.getMessage());
            System.exit(1);
        }
    }
}
