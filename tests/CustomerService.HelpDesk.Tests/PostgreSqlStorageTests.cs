using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace CustomerService.HelpDesk.Tests;

/// <summary>
/// One setting moves the desk to PostgreSQL: the library's tables and the board's, in a schema of their own. The server
/// is the test server (CUSTOMERSERVICE_POSTGRES, or the local one eng/test.sh starts); the test fails, never skips, when
/// it is unreachable.
/// </summary>
public sealed class PostgreSqlStorageTests
{
    private const string LocalServer = "Host=127.0.0.1;Port=5432;Username=customerservice;Password=customerservice;Database=customerservice_test";

    [Fact]
    public async Task StoragePostgreSql_TicketOpenedThroughTheApi_ReachesTheDashboard()
    {
        var connectionString = Environment.GetEnvironmentVariable("CUSTOMERSERVICE_POSTGRES") is { Length: > 0 } value ? value : LocalServer;
        var schema = "helpdesk_t_" + Guid.NewGuid().ToString("N");
        var server = new HelpDeskServer(simulateDay: false,
            new("HelpDesk:Storage", "PostgreSql"),
            new("CustomerServiceCore:PostgreSql:ConnectionString", connectionString),
            new("CustomerServiceCore:PostgreSql:Schema", schema));
        try
        {
            await server.InitializeAsync();
            using var response = await server.Http.PostAsJsonAsync("/api/tickets", new { channel = "Email", category = "Inquiry", priority = "Normal", actor = "mailbox" });
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            var found = false;
            for (var i = 0; i < 100 && !found; i++)
            {
                found = (await server.Http.GetStringAsync("/")).Contains($"data-id=\"{id}\"", StringComparison.Ordinal);
                await Task.Delay(found ? 0 : 100);
            }

            Assert.True(found, $"{id} did not reach the board within 10 seconds.");
        }
        finally
        {
            await server.DisposeAsync();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
