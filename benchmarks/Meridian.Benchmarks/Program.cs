using BenchmarkDotNet.Running;

namespace Meridian.Benchmarks;

/// <summary>Entry point: every suite in this assembly, chosen with BenchmarkDotNet's <c>--filter</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
