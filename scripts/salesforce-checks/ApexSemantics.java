import com.nawforce.apexlink.api.Org;
import com.nawforce.apexlink.rpc.OpenOptions;
import com.nawforce.runtime.platform.Path;
import io.github.apexdevtools.api.Issue;

/**
 * Semantic check of the Apex in Salesforce DX projects with apex-ls, the Apex language server that
 * Code Analyzer's PMD engine bundles (PMD's multifile analysis runs on it). It resolves every type,
 * variable, method and SObject field reference against the project's own classes and objects and
 * the platform's standard types shipped in the same jars. No cache, no org, no network.
 *
 * Usage: java -cp "<pmd-engine java-lib>/*" ApexSemantics.java <project dir>...
 * Prints one line per error: project index, file, line, column, message (tab-separated).
 */
public class ApexSemantics {
  public static void main(String[] args) {
    for (int i = 0; i < args.length; i++) {
      Org org = Org.newOrg(Path.apply(args[i]), OpenOptions.create().withCache(false).withAutoFlush(false));
      for (Issue issue : org.issues().issuesForFiles(null, false, 10000)) {
        if (!issue.isError()) continue;
        System.out.println(i + "\t" + issue.filePath() + "\t" + issue.fileLocation().startLineNumber() + "\t"
            + issue.fileLocation().startCharOffset() + "\t" + issue.message().replace('\n', ' '));
      }
    }
    System.exit(0);
  }
}
