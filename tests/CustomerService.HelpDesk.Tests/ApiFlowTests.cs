using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.HelpDesk.Tests;

/// <summary>The API's main paths, as a client uses them: a ticket through dispatch and reopening, a complaint, a callback, the studio desk.</summary>
[Collection(HelpDeskAppDefinition.Name)]
public sealed class ApiFlowTests(HelpDeskServer server)
{
    private HttpClient Http => server.Http;

    [Fact]
    public async Task Ticket_DispatchedSolvedReopenedAndClosed_FollowsTheLifecycle()
    {
        var ticket = await PostAsync("/api/tickets", new { channel = "Phone", category = "Repair", priority = "High", actor = "ivr" });
        var id = Text(ticket, "id");
        Assert.Contains("FirstResponse", ticket.GetProperty("sla").EnumerateArray().Select(c => Text(c, "metric")));

        await PostAsync($"/api/tickets/{id}/assign", new { actor = "agent-li", agent = "agent-li" });
        await PostAsync($"/api/tickets/{id}/agent-reply", new { actor = "agent-li" });
        var dispatched = await PostAsync($"/api/tickets/{id}/dispatch", new { actor = "agent-li", department = "warehouse", timeLimit = "PT4H" });
        Assert.Equal("OnHold", Text(dispatched, "state"));
        Assert.Equal("warehouse", Text(dispatched.GetProperty("hold"), "party"));
        Assert.NotNull(Text(dispatched.GetProperty("hold"), "deadlineLocal"));

        await PostAsync($"/api/tickets/{id}/return-from-hold", new { actor = "warehouse" });
        await PostAsync($"/api/tickets/{id}/solve", new { actor = "agent-li", resolutionCode = "PART-REPLACED" });
        var reopened = await PostAsync($"/api/tickets/{id}/reopen", new { actor = "customer" });
        Assert.Equal("Open", Text(reopened, "state"));
        await PostAsync($"/api/tickets/{id}/solve", new { actor = "agent-li", resolutionCode = "PART-REPLACED" });
        var closed = await PostAsync($"/api/tickets/{id}/close", new { actor = "agent-li" });

        Assert.Equal("Closed", Text(closed, "state"));
        Assert.Empty(closed.GetProperty("actions").EnumerateArray());
    }

    [Fact]
    public async Task Complaint_LodgedAndProcessed_ReachesFollowUpAndClosingMeetsTheFinalResponse()
    {
        var complaint = await PostAsync("/api/complaints", new { channel = "WeChat", actor = "agent-chen" });
        var id = Text(complaint, "id");
        var respondBy = InstantPattern.ExtendedIso.Format(server.Clock.GetCurrentInstant() + Duration.FromDays(3));

        await PostAsync($"/api/complaints/{id}/acknowledge", new { actor = "agent-chen", respondBy });
        await PostAsync($"/api/complaints/{id}/investigate", new { actor = "agent-chen" });
        await PostAsync($"/api/complaints/{id}/assess", new { actor = "agent-chen", severity = "High", category = "Product", rootCause = "ProductQuality" });
        await PostAsync($"/api/complaints/{id}/propose-remedy", new { actor = "agent-chen", kind = "Refund", amount = 299m, currency = "CNY" });
        await PostAsync($"/api/complaints/{id}/accept-remedy", new { actor = "customer" });
        await PostAsync($"/api/complaints/{id}/fulfil-remedy", new { actor = "finance" });
        var followUp = await PostAsync($"/api/complaints/{id}/start-follow-up", new { actor = "agent-chen" });

        Assert.Equal("FollowUp", Text(followUp, "state"));
        Assert.Contains("close", followUp.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("Met", Clock(followUp, "Acknowledgement"));
        Assert.Equal("Running", Clock(followUp, "FinalResponse"));

        var closed = await PostAsync($"/api/complaints/{id}/close", new { actor = "agent-chen", satisfied = true });
        Assert.Equal("Met", Clock(closed, "FinalResponse"));
    }

    private static string Clock(JsonElement view, string metric) =>
        Text(view.GetProperty("sla").EnumerateArray().Single(c => Text(c, "metric") == metric), "state");

    [Fact]
    public async Task Callback_UnansweredAttempt_IsScheduledAgainThirtyMinutesLater()
    {
        var callback = await PostAsync("/api/callbacks", new { purpose = "SatisfactionCheck", actor = "agent-zhao" });
        var id = Text(callback, "id");
        var now = server.Clock.GetCurrentInstant();
        await PostAsync($"/api/callbacks/{id}/schedule", new { actor = "agent-zhao", windowStart = Iso(now), windowEnd = Iso(now + Duration.FromHours(2)) });

        // The hosted due work makes it due (its window is open); the dialler then calls.
        await WaitForStateAsync(id, "Due");
        await PostAsync($"/api/callbacks/{id}/start-attempt", new { actor = "agent-zhao" });
        var attempted = await PostAsync($"/api/callbacks/{id}/no-answer", new { actor = "agent-zhao" });

        Assert.Equal("Scheduled", Text(attempted, "state"));
        Assert.Equal(1, attempted.GetProperty("attempts").GetInt32());
        var due = InstantPattern.ExtendedIso.Parse(Text(attempted, "dueAt")).Value;
        Assert.InRange(due - server.Clock.GetCurrentInstant(), Duration.FromMinutes(29), Duration.FromMinutes(30));
    }

    [Fact]
    public async Task Studio_NoDealVisitWithIntentToReturn_PlansAnApologyAndAScheduledCall()
    {
        var segment = await PostAsync("/api/leads/segment", new { customerId = "HT-901", hasPartner = true, weddingDate = "2027-03-01" });
        Assert.False(string.IsNullOrEmpty(Text(segment, "segment")));
        Assert.NotEmpty(segment.GetProperty("evidence").EnumerateArray());

        var plan = await PostAsync("/api/leads/visits", new { customerId = "HT-901", result = "NoDeal", intentToReturn = true, packageDiscussed = "classic-9999" });

        var steps = plan.GetProperty("steps").EnumerateArray().ToList();
        Assert.Contains(steps, s => Text(s, "kind") == "message" && Text(s, "template").Contains("apology", StringComparison.Ordinal));
        var call = Assert.Single(steps, s => Text(s, "kind") == "call");
        var callback = await Http.GetFromJsonAsync<JsonElement>($"/api/callbacks/{Text(call, "callbackId")}");
        Assert.Equal("NoDealFollowUp", Text(callback, "purpose"));
        Assert.Contains(Text(callback, "state"), new[] { "Scheduled", "Due" }); // the call is due this afternoon: the due work may have opened it already
    }

    [Fact]
    public async Task Studio_ProfilesAreStored_AReclassificationToDHoldsUntilTheCustomerComesBack()
    {
        // A couple marrying in about two years is a C, stored with one history entry.
        var weddingDate = server.Clock.GetCurrentInstant().InUtc().Date.PlusYears(2).ToString("yyyy-MM-dd", null);
        var first = await PostAsync("/api/leads/segment", new { customerId = "HT-950", hasPartner = true, weddingDate });
        Assert.Equal("C", Text(first, "segment"));
        Assert.Equal(1, first.GetProperty("version").GetInt64());
        var stored = await Http.GetFromJsonAsync<JsonElement>("/api/leads/customers/HT-950");
        Assert.Equal(weddingDate, Text(stored, "weddingDate"));
        Assert.Equal(["C"], stored.GetProperty("history").EnumerateArray().Select(h => Text(h, "segment")));

        // Two follow-up calls that do not bring them back: the playbook reclassifies them D, and the profile keeps it.
        await PostAsync("/api/leads/calls", new { customerId = "HT-950", attempt = 1, result = "NotReached" });
        var second = await PostAsync("/api/leads/calls", new { customerId = "HT-950", attempt = 2, result = "NotReturned" });
        Assert.Contains(second.GetProperty("steps").EnumerateArray(), s => Text(s, "kind") == "reclassification" && Text(s, "segment") == "D");
        stored = await Http.GetFromJsonAsync<JsonElement>("/api/leads/customers/HT-950");
        Assert.Equal("D", Text(stored, "segment"));
        Assert.False(string.IsNullOrEmpty(Text(stored, "reclassification")));
        Assert.Equal(["C", "D"], stored.GetProperty("history").EnumerateArray().Select(h => Text(h, "segment")));

        // Segmenting again does not undo it: the reclassification holds the segment.
        var held = await PostAsync("/api/leads/segment", new { customerId = "HT-950" });
        Assert.Equal("D", Text(held, "segment"));
        Assert.False(string.IsNullOrEmpty(Text(held, "heldBy")));

        // They walk in again, after the reclassification (a visit lifts only a reclassification made before it, and the
        // simulated clock moves in 20 ms ticks, so a visit within the same tick would not be later): the reclassification is
        // lifted and the rules place them as before.
        var reclassifiedAt = InstantPattern.ExtendedIso.Parse(Text(second.GetProperty("steps").EnumerateArray().Single(s => Text(s, "kind") == "reclassification"), "at")).Value;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (server.Clock.GetCurrentInstant() <= reclassifiedAt)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "The simulated clock did not move past the reclassification.");
            await Task.Delay(5);
        }

        await PostAsync("/api/leads/visits", new { customerId = "HT-950", result = "NoDeal", intentToReturn = false });
        stored = await Http.GetFromJsonAsync<JsonElement>("/api/leads/customers/HT-950");
        Assert.Equal("C", Text(stored, "segment"));
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("reclassification").ValueKind);
        Assert.Equal(["C", "D", "C"], stored.GetProperty("history").EnumerateArray().Select(h => Text(h, "segment")));
    }

    [Fact]
    public async Task Studio_UnknownCustomer_Is404()
    {
        using var response = await Http.GetAsync("/api/leads/customers/HT-nobody");

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Studio_DepositOutsideZeroToOne_Is400NamingTheField()
    {
        using var response = await Http.PostAsJsonAsync("/api/leads/visits", new { customerId = "HT-902", result = "Deposit", depositShare = 30 });

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("depositShare", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task WaitForStateAsync(string callbackId, string state)
    {
        for (var i = 0; i < 100; i++)
        {
            if (Text(await Http.GetFromJsonAsync<JsonElement>($"/api/callbacks/{callbackId}"), "state") == state)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{callbackId} did not become {state} within 5 seconds.");
    }

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString() ?? string.Empty;

    private static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}
