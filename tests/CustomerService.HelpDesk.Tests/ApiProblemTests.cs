using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CustomerService.HelpDesk.Tests;

/// <summary>Bad requests are answered with RFC 7807 problem details that name the field — never a stack trace, never the data sent.</summary>
[Collection(HelpDeskAppDefinition.Name)]
public sealed class ApiProblemTests(HelpDeskServer server)
{
    private HttpClient Http => server.Http;

    [Fact]
    public async Task OpenTicket_MissingPriority_Is400NamingTheField()
    {
        using var response = await Http.PostAsJsonAsync("/api/tickets", new { channel = "Phone", category = "Inquiry", actor = "test" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Invalid request", problem.GetProperty("title").GetString());
        Assert.Equal("is required.", problem.GetProperty("errors").GetProperty("priority")[0].GetString());
    }

    [Fact]
    public async Task OpenTicket_ValueThatIsNotAChannel_Is400NamingTheFieldWithoutEchoingTheValue()
    {
        // A phone number pasted into the wrong field must not come back in the answer (nor land in a log line).
        using var response = await Http.PostAsJsonAsync("/api/tickets", new { channel = "13912345678", category = "Inquiry", priority = "Normal", actor = "test" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("channel", out _), problem.ToString());
        Assert.DoesNotContain("13912345678", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_TimeLimitNotADuration_Is400NamingTheField()
    {
        var id = await OpenAsync();
        await PostOkAsync($"/api/tickets/{id}/assign", new { actor = "agent-li", agent = "agent-li" });

        using var response = await Http.PostAsJsonAsync($"/api/tickets/{id}/dispatch", new { actor = "agent-li", department = "warehouse", timeLimit = "4 hours" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("timeLimit", out _), problem.ToString());
    }

    [Fact]
    public async Task Action_UnknownTicket_Is404()
    {
        using var response = await Http.PostAsJsonAsync("/api/tickets/T-NOSUCH/agent-reply", new { actor = "agent-li" });

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("No ticket is stored under 'T-NOSUCH'.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Action_NotPermittedInState_Is409WithThePermittedActions()
    {
        var id = await OpenAsync();

        using var response = await Http.PostAsJsonAsync($"/api/tickets/{id}/reopen", new { actor = "customer" });

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("New", problem.GetProperty("state").GetString());
        Assert.Equal("reopen", problem.GetProperty("action").GetString());
        var permitted = problem.GetProperty("permittedActions").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains("assign", permitted);
        Assert.DoesNotContain("reopen", permitted);
    }

    [Fact]
    public async Task Action_StaleIfMatch_Is409WithARetryHintAndChangesNothing()
    {
        var id = await OpenAsync();
        await PostOkAsync($"/api/tickets/{id}/assign", new { actor = "agent-li", agent = "agent-li" }); // version 0 → 1

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{id}/agent-reply") { Content = JsonContent.Create(new { actor = "agent-li" }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"0\""));
        using var response = await Http.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("Changed by someone else", problem.GetProperty("title").GetString());
        Assert.Contains("If-Match", problem.GetProperty("retry").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt64());
        var ticket = await Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.Equal(1, ticket.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Action_CurrentIfMatch_IsApplied()
    {
        var id = await OpenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{id}/assign") { Content = JsonContent.Create(new { actor = "agent-li", agent = "agent-li" }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"0\""));

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task CallbackAttempt_BeforeItsWindowOpens_Is409WithThePermittedActions()
    {
        var callback = await PostOkAsync("/api/callbacks", new { purpose = "SatisfactionCheck", actor = "agent-zhao" });
        var id = callback.GetProperty("id").GetString();
        var tomorrow = server.Clock.GetCurrentInstant() + NodaTime.Duration.FromDays(1);
        await PostOkAsync($"/api/callbacks/{id}/schedule", new { actor = "agent-zhao", windowStart = Iso(tomorrow), windowEnd = Iso(tomorrow + NodaTime.Duration.FromHours(2)) });

        using var response = await Http.PostAsJsonAsync($"/api/callbacks/{id}/start-attempt", new { actor = "agent-zhao" });

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("Scheduled", problem.GetProperty("state").GetString());
        Assert.Contains("reschedule", problem.GetProperty("permittedActions").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Survey_ScoreOutsideTheScale_Is400NamingTheField()
    {
        var id = await OpenAsync();

        using var response = await Http.PostAsJsonAsync($"/api/tickets/{id}/survey", new { score = 9 });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("must be 1 to 5.", problem.GetProperty("errors").GetProperty("score")[0].GetString());
    }

    [Fact]
    public async Task Request_MalformedJson_Is400WithoutAStackTrace()
    {
        using var content = new StringContent("{\"channel\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("/api/tickets", content);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.DoesNotContain(" at ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_Is404ProblemDetails()
    {
        using var response = await Http.GetAsync("/api/nothing-here");

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static string Iso(NodaTime.Instant instant) => NodaTime.Text.InstantPattern.ExtendedIso.Format(instant);

    private async Task<string> OpenAsync()
    {
        var ticket = await PostOkAsync("/api/tickets", new { channel = "Email", category = "Inquiry", priority = "Normal", actor = "test" });
        return ticket.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> PostOkAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        return JsonSerializer.Deserialize<JsonElement>(text);
    }
}
