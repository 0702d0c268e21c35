namespace CustomerService.HelpDesk.Simulation;

public static class LoadTest
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(0);
}
