using System.Text.Json;
using CustomerService.Core.Storage;
using CustomerService.HelpDesk.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerService.HelpDesk.Tests;

/// <summary>The failures a test cannot provoke on demand through the API: a lost race, and a bug.</summary>
[Collection(HelpDeskAppDefinition.Name)]
public sealed class ProblemExceptionHandlerTests(HelpDeskServer server)
{
    [Fact]
    public async Task TryHandle_ConcurrencyConflict_Is409WithARetryHint()
    {
        var (status, problem) = await HandleAsync(new ConcurrencyConflictException("Ticket", "T-1", expectedToken: null, actualToken: null));

        Assert.Equal(409, status);
        Assert.Equal("Changed by someone else", problem.GetProperty("title").GetString());
        Assert.Equal("GET /api/tickets/T-1, check the action still makes sense, and send it again with If-Match set to the new ETag.", problem.GetProperty("retry").GetString());
    }

    [Fact]
    public async Task TryHandle_UnexpectedException_Is500WithoutItsMessageOrStackTrace()
    {
        var (status, problem) = await HandleAsync(new InvalidOperationException("customer 13912345678 at Nanjing Road 1"));

        Assert.Equal(500, status);
        Assert.DoesNotContain("13912345678", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<(int Status, JsonElement Problem)> HandleAsync(Exception exception)
    {
        var handler = new ProblemExceptionHandler(server.Services.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemExceptionHandler>.Instance);
        var http = new DefaultHttpContext { RequestServices = server.Services };
        http.Response.Body = new MemoryStream();

        Assert.True(await handler.TryHandleAsync(http, exception, CancellationToken.None));

        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, await JsonSerializer.DeserializeAsync<JsonElement>(http.Response.Body));
    }
}
