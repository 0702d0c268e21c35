using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using CustomerService.Core.Kpis;
using CustomerService.Core.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NodaTime;

namespace CustomerService.HelpDesk.Simulation;

/// <summary>
/// Measures ticket transitions per second through the HTTP API on a fresh SQLite file, from a bounded closed loop on
/// loopback: <c>--load-test [--workers 8] [--tickets 2000] [--warmup 10] [--seconds 20]</c>. The app runs as in production (system
/// clock, hosted due work and event delivery to the board running beside the load); the loop runs in the same process.
/// </summary>
public static class LoadTest
{
    public static async Task<int> RunAsync(string[] args)
    {
        var workers = Option(args, "--workers", 8);
        var ticketCount = (Option(args, "--tickets", 2000) + workers - 1) / workers * workers; // a multiple: each worker keeps its own tickets
        var seconds = Option(args, "--seconds", 20);
        var warmup = Option(args, "--warmup", 10); // long enough for tiered compilation to settle on a busy machine
        var file = Path.Combine(Path.GetTempPath(), $"helpdesk-load-{Guid.NewGuid():N}.db");
        var app = HelpDeskApp.Build(["--urls=http://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(
        [
            new("CustomerServiceCore:Sqlite:ConnectionString", $"Data Source={file}"),
            new("Logging:LogLevel:Default", "Warning"),
        ]));
        await HelpDeskApp.PrepareAsync(app);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers }) { BaseAddress = address };

            Console.WriteLine(MachineLine());
            Console.WriteLine($"Opening {ticketCount} tickets (assigned and answered) on {file} …");
            var tickets = new string[ticketCount];
            await Parallel.ForAsync(0, ticketCount, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (i, _) =>
            {
                var id = tickets[i] = $"LOAD-{i:00000}";
                await SendAsync(http, "/api/tickets", new { id, channel = "Phone", category = "Inquiry", priority = "Normal", actor = "load" });
                await SendAsync(http, $"/api/tickets/{id}/assign", new { actor = "load", agent = "agent-load" });
                await SendAsync(http, $"/api/tickets/{id}/agent-reply", new { actor = "load" });
            });

            // Each worker owns its own tickets and moves each between Open and Pending (wait-on-customer, customer-reply):
            // every request is one transition with its SLA clocks paused or resumed, history, outbox and due work saved.
            Console.WriteLine($"Warming up for {warmup} s, then measuring for {seconds} s with {workers} workers …");
            var pending = new bool[ticketCount];
            await LoopAsync(http, tickets, pending, workers, TimeSpan.FromSeconds(warmup));
            var measured = await LoopAsync(http, tickets, pending, workers, TimeSpan.FromSeconds(seconds));

            var outbox = app.Services.GetRequiredService<IOutboxStore>();
            var backlog = await outbox.CountPendingAsync();
            var drain = Stopwatch.StartNew();
            while (await outbox.CountPendingAsync() > 0 && drain.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(50);
            }

            var latency = measured.Latency;
            Console.WriteLine(MachineLine());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                transitions: {latency.Count} in {measured.Elapsed.TotalSeconds:0.0} s = {latency.Count / measured.Elapsed.TotalSeconds:0} /s; failed requests: {measured.Failures}
                latency: p50 {Ms(latency.Percentile(50, PercentileMethod.NearestRank).Value)} · p90 {Ms(latency.Percentile(90, PercentileMethod.NearestRank).Value)} · p99 {Ms(latency.Percentile(99, PercentileMethod.NearestRank).Value)} · max {Ms(latency.Maximum)}
                CPU: {measured.Cpu.TotalMilliseconds / latency.Count:0.00} ms of processor time per transition (app, event delivery and this loop), {measured.Cpu.TotalSeconds / measured.Elapsed.TotalSeconds:0.00} of {Environment.ProcessorCount} cores busy; GC paused the app {measured.GcPauses.TotalMilliseconds:0} ms ({measured.Gen2Collections} full collections)
                board: {backlog} events waiting for delivery when the load stopped, delivered {drain.Elapsed.TotalSeconds:0.0} s later
                """));
            return measured.Failures == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    private static int _reported;

    /// <summary>What a loop measured; <paramref name="Cpu"/> is the process's processor time (server, delivery and client together).</summary>
    private sealed record Measurement(DurationAccumulator Latency, TimeSpan Elapsed, long Failures, TimeSpan Cpu, TimeSpan GcPauses, int Gen2Collections);

    /// <summary>Worker w sends to tickets w, w + workers, …, so no two workers ever act on one ticket.</summary>
    private static async Task<Measurement> LoopAsync(HttpClient http, string[] tickets, bool[] pending, int workers, TimeSpan duration)
    {
        var latency = new DurationAccumulator();
        long failures = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (pauses, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (worker, _) =>
        {
            var mine = new DurationAccumulator();
            for (var i = worker; clock.Elapsed < duration; i = (i + workers) % tickets.Length)
            {
                var id = tickets[i];
                var action = pending[i] ? "customer-reply" : "wait-on-customer";
                pending[i] = !pending[i];

                var started = Stopwatch.GetTimestamp();
                var ok = await SendAsync(http, $"/api/tickets/{id}/{action}", new { actor = "load" }, throwOnFailure: false);
                mine.Add(Duration.FromTimeSpan(Stopwatch.GetElapsedTime(started)));
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }

            lock (latency)
            {
                latency.Merge(mine);
            }
        });
        return new Measurement(latency, clock.Elapsed, failures, Process.GetCurrentProcess().TotalProcessorTime - cpu,
            GC.GetTotalPauseDuration() - pauses, GC.CollectionCount(2) - gen2);
    }

    private static async Task<bool> SendAsync(HttpClient http, string path, object body, bool throwOnFailure = true)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode && Interlocked.Increment(ref _reported) <= 3)
        {
            Console.Error.WriteLine($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        if (!response.IsSuccessStatusCode && throwOnFailure)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response.IsSuccessStatusCode;
    }

    private static string MachineLine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        // The load average says how much of the machine other processes had while measuring.
        var load = File.Exists("/proc/loadavg") ? $", load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}" : string.Empty;
        return $"machine: {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}{load}";
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    private static string Ms(Duration? duration) => duration is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalMilliseconds:0.0} ms") : "—";
}
