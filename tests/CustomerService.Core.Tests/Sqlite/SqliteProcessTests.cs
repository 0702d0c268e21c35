using System.Diagnostics;
using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;

namespace CustomerService.Core.Tests.Sqlite;

/// <summary>Real processes on one SQLite file: migrations started at once, and a writer killed in the middle of its saves.</summary>
public sealed class SqliteProcessTests : IDisposable
{
    private static readonly string Driver = Path.Combine(AppContext.BaseDirectory, "CustomerService.Core.StorageDriver.dll");
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Migrate_FromFourProcessesAtOnce_CreatesTheSchemaOnceAndAllSucceed()
    {
        var processes = Enumerable.Range(0, 4).Select(_ => Start("migrate", _file.FilePath)).ToList();
        foreach (var process in processes)
        {
            using (process)
            {
                var output = await process.StandardOutput.ReadToEndAsync();
                var errors = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
                Assert.True(process.ExitCode == 0, errors);
                Assert.Equal("migrated", output.Trim());
            }
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_file.ConnectionString + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM cs_schema;";
        Assert.Equal((long)SqliteDocumentStore.SchemaVersion, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task Write_KilledMidway_LosesNoAcknowledgedSaveAndLeavesStateAndOutboxTogether()
    {
        var acknowledged = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var writer = Start("write", _file.FilePath, "K", "5"))
        {
            // Let it commit a few hundred saves, then kill it without warning in the middle of its loop.
            while (acknowledged.Values.Sum(v => v + 1) < 400)
            {
                var line = await writer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2))
                    ?? throw new InvalidOperationException("The writer stopped early: " + await writer.StandardError.ReadToEndAsync());
                var parts = line.Split(' ');
                acknowledged[parts[1]] = long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            }

            writer.Kill(entireProcessTree: true);
            await writer.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }

        using var store = new SqliteDocumentStore(new SqliteStorageOptions { ConnectionString = _file.ConnectionString });
        var storage = new DocumentStorage(store);
        long events = 0;
        foreach (var (id, version) in acknowledged)
        {
            var stored = (await storage.Tickets.FindAsync(id))!;
            Assert.True(stored.Entity.Version >= version, $"{id}: acknowledged version {version}, stored {stored.Entity.Version}");
            Assert.Equal(stored.Entity.Version, stored.Entity.History.Count);
            Assert.Equal(stored.Entity.Version + 1, stored.Token.Value); // one write per version: creation, then each transition
            events += stored.Entity.Version + 1;
        }

        // Every committed save wrote its one event, and no event exists without its save.
        Assert.Equal(events, await storage.CountPendingAsync());
    }

    private static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Driver);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("The storage driver did not start.");
    }
}
