using CustomerService.Core.Persistence;
using CustomerService.Core.Sqlite;
using CustomerService.Core.Storage;
using CustomerService.Core.Tests.Tickets;
using CustomerService.Core.Tickets;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CustomerService.Core.Tests.Sqlite;

/// <summary>Files the store cannot use: each is a StorageException naming the file, and nothing committed is lost.</summary>
public sealed class SqliteFaultTests : IDisposable
{
    private readonly SqliteTestFile _file = new();

    public void Dispose() => _file.Dispose();

    private SqliteDocumentStore Open(string? path = null, Duration? busy = null) =>
        new(new SqliteStorageOptions { ConnectionString = "Data Source=" + (path ?? _file.FilePath), BusyTimeout = busy ?? Duration.FromSeconds(30) });

    private static EntityChange<Ticket> Create(string id) =>
        new(id, TicketArbitraries.NewTicket(id), null, ConcurrencyToken.Initial, 0, null, DueWork.None, null);

    [Fact]
    public async Task AnyCall_MissingDirectory_ThrowsStorageExceptionNamingTheFile()
    {
        var path = Path.Combine(Path.GetDirectoryName(_file.FilePath)!, "no-such-folder", "desk.db");
        using var store = Open(path);

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.CountPendingAsync());

        Assert.Equal(("SQLite", path), (error.Adapter, error.Target));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(error.InnerException);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task AnyCall_NotADatabase_ThrowsStorageExceptionAndLeavesTheFileAsItWas()
    {
        var garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(_file.FilePath, garbage);
        using var store = Open();

        var error = await Assert.ThrowsAsync<StorageException>(async () => await store.FindAsync("Ticket", "T-1", 0));

        Assert.Contains("not a SQLite database or is corrupt", error.Reason, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(_file.FilePath));
    }

    [Fact]
    public async Task SaveAsync_ReadOnlyFile_ThrowsStorageExceptionAndKeepsWhatWasCommitted()
    {
        using (var store = Open())
        {
            await new DocumentStorage(store).Tickets.SaveAsync(Create("T-1"));
        }

        // Root ignores permission bits, so a read-only file is made with the immutable attribute there (chattr, from
        // e2fsprogs) and with the permission bits otherwise.
        var file = new FileInfo(_file.FilePath);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chattr", "+i", _file.FilePath);
        }
        else
        {
            file.IsReadOnly = true;
        }

        try
        {
            using var readOnly = Open();
            var error = await Assert.ThrowsAsync<StorageException>(async () => await new DocumentStorage(readOnly).Tickets.SaveAsync(Create("T-2")));
            Assert.Equal(_file.FilePath, error.Target);
        }
        finally
        {
            if (asRoot)
            {
                Run("chattr", "-i", _file.FilePath);
            }
            else
            {
                file.IsReadOnly = false;
            }
        }

        using var again = Open();
        var storage = new DocumentStorage(again);
        Assert.NotNull(await storage.Tickets.FindAsync("T-1"));
        Assert.Null(await storage.Tickets.FindAsync("T-2"));
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(program, arguments);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}");
    }

    [Fact]
    public async Task SaveAsync_FileLockedLongerThanTheBusyTimeout_ThrowsStorageExceptionAndWritesNothing()
    {
        using (var store = Open())
        {
            await store.MigrateAsync();
        }

        using var blocker = new SqliteConnection($"Data Source={_file.FilePath};Pooling=False");
        blocker.Open();
        using (var exclusive = blocker.CreateCommand())
        {
            exclusive.CommandText = "BEGIN EXCLUSIVE;";
            exclusive.ExecuteNonQuery();
        }

        using var waiting = Open(busy: Duration.FromMilliseconds(200));
        var error = await Assert.ThrowsAsync<StorageException>(async () => await new DocumentStorage(waiting).Tickets.SaveAsync(Create("T-1")));
        Assert.Contains("lock", error.Reason, StringComparison.Ordinal);

        using (var release = blocker.CreateCommand())
        {
            release.CommandText = "ROLLBACK;";
            release.ExecuteNonQuery();
        }

        Assert.Null(await new DocumentStorage(waiting).Tickets.FindAsync("T-1"));
        await new DocumentStorage(waiting).Tickets.SaveAsync(Create("T-1"));
        Assert.NotNull(await new DocumentStorage(waiting).Tickets.FindAsync("T-1"));
    }
}
