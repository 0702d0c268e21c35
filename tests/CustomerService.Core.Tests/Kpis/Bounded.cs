namespace CustomerService.Core.Tests.Kpis;

/// <summary>Runs a call on its own thread and fails the test when it has not returned within a budget, so that a call
/// that hangs (or loops for minutes) fails instead of stalling the run. The budget is far above what a correct call
/// needs on a loaded machine; it only tells a hang from an answer.</summary>
internal static class Bounded
{
    /// <summary>The default budget of one call.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="call"/> and returns its result or rethrows its exception, failing the test on a hang.</summary>
    public static T Run<T>(Func<T> call, TimeSpan? budget = null)
    {
        var task = Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        TimeSpan limit = budget ?? Budget;
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(limit))
        {
            throw new Xunit.Sdk.XunitException($"The call did not return within {limit.TotalSeconds} s: it hangs or loops far too long.");
        }

        return task.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="call"/>, rethrowing its exception, failing the test on a hang.</summary>
    public static void Run(Action call, TimeSpan? budget = null) =>
        Run<object?>(
            () =>
            {
                call();
                return null;
            },
            budget);
}
