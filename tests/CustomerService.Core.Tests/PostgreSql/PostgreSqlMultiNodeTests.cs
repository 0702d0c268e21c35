using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CustomerService.Core.Persistence;
using CustomerService.Core.Serialization;
using CustomerService.Core.Storage;
using CustomerService.Core.Tickets;
using NodaTime;
using Xunit.Abstractions;

namespace CustomerService.Core.Tests.PostgreSql;

/// <summary>
/// Four host processes (real OS processes running the storage driver's <c>node</c> mode) share one PostgreSQL schema and
/// process due work spread over the run through the claim path: every item exactly once, also when one node is killed
/// with SIGKILL while it holds leases. Sizes: 20,000 tickets over 10 seconds; <c>CUSTOMERSERVICE_STRESS=1</c> runs
/// 200,000 over 60 seconds.
/// </summary>
public sealed class PostgreSqlMultiNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Nodes = 4;
    private static readonly string Driver = Path.Combine(AppContext.BaseDirectory, "CustomerService.Core.StorageDriver.dll");
    private static readonly bool Stress = Environment.GetEnvironmentVariable("CUSTOMERSERVICE_STRESS") == "1";
    private static readonly int Entities = Stress ? 200_000 : 20_000;
    private static readonly Duration Spread = Duration.FromSeconds(Stress ? 60 : 10);
    private static readonly Duration Lease = Duration.FromSeconds(3);
    private readonly PostgreSqlTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DropAsync();

    [Fact]
    public async Task FourNodes_DueWorkSpreadOverTheRun_ProcessEveryItemExactlyOnce()
    {
        var (start, until) = await SeedAsync();
        var nodes = Enumerable.Range(0, Nodes).Select(i => Node.Start($"node-{i}", _schema.Schema, until, pauseMilliseconds: 0)).ToList();

        var changed = 0L;
        foreach (var node in nodes)
        {
            changed += await node.WaitForDoneAsync(output);
        }

        output.WriteLine($"{Entities} tickets due over {Spread}, processed in {DateTimeOffset.UtcNow - start.ToDateTimeOffset()} from the first deadline");
        Assert.Equal(Entities, changed);
        await AssertEachProcessedExactlyOnceAsync();
    }

    [Fact]
    public async Task FourNodes_OneKilledHalfwayWhileHoldingLeases_LoseNothingAndProcessNothingTwice()
    {
        var (_, until) = await SeedAsync();
        var nodes = Enumerable.Range(0, Nodes - 1).Select(i => Node.Start($"node-{i}", _schema.Schema, until, pauseMilliseconds: 0)).ToList();
        var victim = Node.Start("node-slow", _schema.Schema, until, pauseMilliseconds: 400);

        // Halfway through, kill the slow node right after it claimed a batch (it holds it for 400 ms before working on it).
        var deadline = Stopwatch.StartNew();
        while (await ProcessedAsync() < Entities / 2)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), "The nodes did not get halfway.");
            await Task.Delay(100);
        }

        await victim.WaitForLineAsync("holding", TimeSpan.FromMinutes(1));
        victim.Kill();
        var held = (long)(await _schema.ScalarAsync("SELECT count(*) FROM {s}.cs_entity WHERE lease_owner = 'node-slow' AND lease_expires_at > clock_timestamp()"))!;
        output.WriteLine($"node-slow killed holding {held} leases, {await ProcessedAsync()} of {Entities} processed");
        Assert.True(held > 0, "The killed node held no lease: the test did not exercise the hand-over.");

        foreach (var node in nodes)
        {
            await node.WaitForDoneAsync(output);
        }

        await AssertEachProcessedExactlyOnceAsync();
        Assert.Equal(0L, (long)(await _schema.ScalarAsync("SELECT count(*) FROM {s}.cs_entity WHERE lease_owner IS NOT NULL"))!);
    }

    /// <summary>Stores the tickets on hold with deadlines spread over the run; returns the first deadline and when the nodes may stop.</summary>
    private async Task<(Instant Start, Instant Until)> SeedAsync()
    {
        var lifecycle = new TicketLifecycle(new TicketOptions());
        var now = Instant.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var start = now + Duration.FromSeconds(3); // the nodes start meanwhile
        var dispatchedAt = now - Duration.FromMinutes(1);
        var step = Spread / Entities;
        await using var store = _schema.Open();
        var tickets = new DocumentStorage(store).Tickets;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < Entities; i = Interlocked.Increment(ref next))
            {
                var id = new TicketId($"T-{i:D6}");
                var deadline = start + (step * i);
                var ticket = Ticket.Create(id, ContactChannel.Phone, TicketCategory.Repair, TicketPriority.Normal, dispatchedAt - Duration.FromMinutes(5));
                ticket = lifecycle.Apply(ticket, new TicketCommand.Assign("agent-1"), "agent-1", dispatchedAt - Duration.FromMinutes(4));
                ticket = lifecycle.Apply(ticket, new TicketCommand.Dispatch("billing", deadline - dispatchedAt), "agent-1", dispatchedAt);
                Assert.Equal(deadline, ticket.Hold?.Deadline);
                await tickets.SaveAsync(new EntityChange<Ticket>(id.Value, ticket, null, ConcurrencyToken.Initial, 0, deadline, DueWork.HoldDeadline, null));
            }
        })));

        output.WriteLine($"seeded {Entities} tickets in {DateTimeOffset.UtcNow - now.ToDateTimeOffset()}");

        // On a loaded machine seeding can run past the first deadlines (it once took 11 s of a 10 s spread): the nodes
        // then get their whole run from the end of seeding, plus one lease for a killed node's batch to be handed over,
        // so a lease that expires after the last deadline is still picked up before they stop.
        var seeded = Instant.FromDateTimeOffset(DateTimeOffset.UtcNow);
        return (start, Instant.Max(start + Spread + Lease, seeded + Spread + Lease + Lease) + Duration.FromSeconds(1));
    }

    private async Task<long> ProcessedAsync() => (long)(await _schema.ScalarAsync("SELECT count(*) FROM {s}.cs_outbox"))!;

    /// <summary>Each ticket left the due queue and raised its deadline event exactly once (its only outbox message).</summary>
    private async Task AssertEachProcessedExactlyOnceAsync()
    {
        Assert.Equal(0L, (long)(await _schema.ScalarAsync("SELECT count(*) FROM {s}.cs_entity WHERE next_due_at IS NOT NULL"))!);
        Assert.Equal(0L, (long)(await _schema.ScalarAsync("SELECT count(*) FROM (SELECT entity_id FROM {s}.cs_outbox GROUP BY entity_id HAVING count(*) > 1) twice"))!);
        Assert.Equal((long)Entities, (long)(await _schema.ScalarAsync("SELECT count(DISTINCT entity_id) FROM {s}.cs_outbox"))!);
        Assert.Equal((long)Entities, (long)(await _schema.ScalarAsync("SELECT count(*) FROM {s}.cs_entity WHERE history_count = 2"))!);

        await using var store = _schema.Open();
        var sample = (await new DocumentStorage(store).ListDeliverableAsync(Instant.MaxValue, 50)).Select(m => m.Event).ToList();
        Assert.All(sample, e => Assert.IsType<TicketHoldDeadlinePassed>(e));
        Assert.Contains("TicketHoldDeadlinePassed", CustomerServiceJson.Serialize(sample[0]), StringComparison.Ordinal);
    }

    /// <summary>One node process with its output collected as it comes.</summary>
    private sealed class Node
    {
        private readonly Process _process;
        private readonly BlockingCollection<string> _lines = [];
        private readonly ConcurrentQueue<string> _errors = new();

        private Node(Process process, string id)
        {
            _process = process;
            Id = id;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    _lines.CompleteAdding();
                }
                else
                {
                    _lines.Add(e.Data);
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    _errors.Enqueue(e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Id { get; }

        public static Node Start(string id, string schema, Instant until, int pauseMilliseconds)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.Environment[PostgreSqlTestSchema.Variable] = PostgreSqlTestSchema.ConnectionString; // not on the command line: it may hold a password
            foreach (var argument in new[] { Driver, "node", schema, id, ((long)Lease.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), pauseMilliseconds.ToString(CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(argument);
            }

            return new Node(Process.Start(info) ?? throw new InvalidOperationException("The node did not start."), id);
        }

        /// <summary>Waits for a line with the prefix printed from now on; lines printed before the call are discarded (an old "holding" line is no sign of a lease held now).</summary>
        public async Task WaitForLineAsync(string prefix, TimeSpan timeout)
        {
            while (_lines.TryTake(out _))
            {
            }

            var found = await Task.Run(() =>
            {
                while (_lines.TryTake(out var line, timeout))
                {
                    if (line.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }

                return false;
            });
            Assert.True(found, $"{Id} printed no '{prefix}' line: {string.Join(" | ", _errors)}");
        }

        public void Kill()
        {
            _process.Kill(); // SIGKILL: no clean-up, its leases simply stay until they expire
            _process.WaitForExit();
            _process.Dispose();
        }

        /// <summary>Waits for the node to finish and returns how many entities it changed.</summary>
        public async Task<long> WaitForDoneAsync(ITestOutputHelper output)
        {
            using (_process)
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(Stress ? 15 : 3));
                _process.WaitForExit(); // drains the output
                Assert.True(_process.ExitCode == 0, $"{Id} exited with {_process.ExitCode}: {string.Join(" | ", _errors)}");
                Assert.Empty(_errors);
                var done = _lines.Where(l => l.StartsWith("done ", StringComparison.Ordinal)).Select(l => l.Split(' ')).Single();
                output.WriteLine($"{Id}: changed {done[1]}, failures {done[2]}");
                Assert.Equal("0", done[2]);
                return long.Parse(done[1], CultureInfo.InvariantCulture);
            }
        }
    }
}
