using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace CustomerService.Core.Benchmarks;

/// <summary>
/// Entry point: pick benchmarks with BenchmarkDotNet's switcher, for example
/// <c>dotnet run -c Release --project benchmarks/CustomerService.Core.Benchmarks -- --filter '*Calendar*'</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
