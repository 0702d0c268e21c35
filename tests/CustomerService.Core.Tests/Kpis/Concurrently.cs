namespace CustomerService.Core.Tests.Kpis;

/// <summary>Runs the same step on two threads that start each trial together (both spin on a shared trial number), so that
/// a race between them, if there is one, shows up within a few hundred trials.</summary>
internal static class Concurrently
{
    /// <summary>For each trial, runs <paramref name="setup"/> on the calling thread, then <paramref name="step"/>(trial, 0) and
    /// (trial, 1) on two threads at once, then <paramref name="check"/>(trial) on the calling thread.</summary>
    public static void Run(int trials, Action<int> setup, Action<int, int> step, Action<int> check)
    {
        int go = -1;
        int done = 0;
        Exception? failure = null;
        var threads = new Thread[2];
        for (int t = 0; t < threads.Length; t++)
        {
            int me = t;
            threads[t] = new Thread(() =>
            {
                for (int trial = 0; trial < trials; trial++)
                {
                    var spin = default(SpinWait);
                    while (Volatile.Read(ref go) < trial)
                    {
                        spin.SpinOnce(sleep1Threshold: -1);
                    }

                    if (Volatile.Read(ref go) == int.MaxValue)
                    {
                        return;
                    }

                    try
                    {
                        step(trial, me);
                    }
                    catch (Exception ex)
                    {
                        Interlocked.CompareExchange(ref failure, ex, null);
                    }

                    Interlocked.Increment(ref done);
                }
            })
            { IsBackground = true };
            threads[t].Start();
        }

        try
        {
            for (int trial = 0; trial < trials; trial++)
            {
                setup(trial);
                Volatile.Write(ref go, trial);
                var spin = default(SpinWait);
                while (Volatile.Read(ref done) < 2 * (trial + 1))
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                if (failure is not null)
                {
                    throw new Xunit.Sdk.XunitException($"A thread failed in trial {trial}: {failure}");
                }

                check(trial);
            }
        }
        finally
        {
            Volatile.Write(ref go, int.MaxValue);
        }

        // A thread stuck in a corrupted collection must not hang the test run: the threads are background threads.
        foreach (var thread in threads)
        {
            thread.Join(TimeSpan.FromSeconds(10));
        }
    }
}
