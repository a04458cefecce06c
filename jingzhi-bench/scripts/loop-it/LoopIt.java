import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Runs one test class (or {@code Class#method}) N times in this JVM and prints one line per run (loop-it.sh). */
public class LoopIt {
  public static void main(String[] args) {
    String test = args[0];
    int n = Integer.parseInt(args[1]);
    Launcher launcher = LauncherFactory.create();
    int failedRuns = 0;
    for (int i = 1; i <= n; i++) {
      var request = LauncherDiscoveryRequestBuilder.request()
          .filters(EngineFilter.includeEngines("junit-jupiter"))
          .selectors(test.contains("#") ? DiscoverySelectors.selectMethod(test) : DiscoverySelectors.selectClass(test))
          .build();
      var listener = new SummaryGeneratingListener();
      launcher.execute(request, listener);
      var s = listener.getSummary();
      System.out.printf("LOOP %s run %d/%d: tests=%d ok=%d failed=%d%n", test, i, n, s.getTestsStartedCount(),
          s.getTestsSucceededCount(), s.getTotalFailureCount());
      s.getFailures().forEach(f -> System.out.println("LOOP FAIL " + f.getTestIdentifier().getDisplayName() + ": "
          + f.getException()));
      failedRuns += s.getTotalFailureCount() > 0 ? 1 : 0;
    }
    System.out.println("LOOP DONE failed runs: " + failedRuns + " of " + n);
    System.exit(failedRuns == 0 ? 0 : 1);
  }
}
