namespace CustomerService.Core.Tests.Sqlite;

/// <summary>A database file in a fresh temporary folder, deleted with the folder afterwards.</summary>
public sealed class SqliteTestFile : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cs-sqlite-" + Guid.NewGuid().ToString("N"));

    public SqliteTestFile()
    {
        Directory.CreateDirectory(_folder);
    }

    public string FilePath => System.IO.Path.Combine(_folder, "desk.db");

    public string ConnectionString => "Data Source=" + FilePath;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A store still open on another thread; the temporary folder is cleaned by the OS.
        }
    }
}
