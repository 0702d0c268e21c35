using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerService.Core.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NodaTime;
using NodaTime.Text;

namespace CustomerService.HelpDesk.Simulation;

/// <summary>
/// Plays a day at the desk through the HTTP API, as the phone system, the mailbox, the agents and the studio would, on a
/// simulated clock that jumps from one request to the next: tickets arrive all day and most are answered and solved,
/// some wait on the customer or on another department (and some of those miss their time limit), some are left too
/// long; complaints are handled, satisfaction callbacks are made, studio visitors are recorded.
/// </summary>
public sealed class DaySimulator
{
    /// <summary>The day before National Day 2026: tickets opened in the afternoon fall due after the eight-day holiday.</summary>
    public static readonly LocalDate DefaultDay = new(2026, 9, 30);

    private static readonly string[] Agents = ["agent-li", "agent-wang", "agent-zhao", "agent-chen", "agent-sun"];
    private static readonly (string Department, string Limit)[] Departments = [("warehouse", "PT2H"), ("finance", "PT4H"), ("technical", "PT3H")];

    private readonly HttpClient _http;
    private readonly SimulatedClock _clock;
    private readonly DateTimeZone _zone;
    private readonly LocalDate _day;
    private readonly Random _random = new(20260930);
    private readonly PriorityQueue<Func<Task>, (Instant At, int Order)> _agenda = new();
    private int _order;

    public DaySimulator(HttpClient http, SimulatedClock clock, DateTimeZone zone, LocalDate day)
    {
        _http = http;
        _clock = clock;
        _zone = zone;
        _day = day;
    }

    /// <summary>The instant the simulated day starts (08:50 at the desk).</summary>
    public static Instant StartOf(LocalDate day, DateTimeZone zone) => zone.AtStrictly(day.At(new LocalTime(8, 50))).ToInstant();

    public int Requests { get; private set; }

    /// <summary>Starts the app on a simulated clock, plays the day, then serves the dashboard until stopped.</summary>
    public static async Task<int> RunAppAsync(string[] args)
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var day = DefaultDay;
        using var clock = new SimulatedClock(StartOf(day, zone));
        var app = HelpDeskApp.Build(args, builder =>
        {
            // A simulated day starts from a fresh file of its own, so that the desk's real data never mixes with it.
            var file = Path.Combine(AppContext.BaseDirectory, "data", "simulated-day.db");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }

            builder.Configuration.AddInMemoryCollection([new("CustomerServiceCore:Sqlite:ConnectionString", $"Data Source={file}")]);
            builder.Services.AddSingleton<IClock>(clock);
            builder.Services.AddSingleton(clock.TimeProvider);
        });
        await HelpDeskApp.PrepareAsync(app);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };
        var simulator = new DaySimulator(http, clock, zone, day);
        await simulator.RunAsync();
        await WaitForDeliveryAsync(app.Services);
        Console.WriteLine($"Simulated {LocalDatePattern.Iso.Format(day)} with {simulator.Requests} API requests; the desk's clock now reads {clock.GetCurrentInstant().InZone(zone):yyyy-MM-dd HH:mm}.");
        Console.WriteLine($"Dashboard: {address}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Waits until the outbox is delivered, so the board shows the whole day (at most ten seconds).</summary>
    public static async Task WaitForDeliveryAsync(IServiceProvider services)
    {
        var outbox = services.GetRequiredService<IOutboxStore>();
        for (var i = 0; i < 200 && await outbox.CountPendingAsync() > 0; i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Plays the day up to 16:45.</summary>
    public async Task RunAsync()
    {
        var arrival = At(8, 55);
        var end = At(16, 45);
        for (var n = 0; arrival < At(16, 20); n++)
        {
            ScheduleTicket(arrival, n);
            arrival += Duration.FromMinutes(1 + _random.Next(8));
        }

        ScheduleComplaints();
        ScheduleStudio();
        while (_agenda.TryDequeue(out var step, out var when) && when.At <= end)
        {
            _clock.AdvanceTo(when.At);
            await step();
        }

        _clock.AdvanceTo(end);
    }

    private void ScheduleTicket(Instant opened, int n)
    {
        var channel = Pick(("Phone", 35), ("WeChat", 25), ("Email", 20), ("WebForm", 12), ("Sms", 8));
        var category = Pick(("Inquiry", 40), ("OrderReturnExchange", 20), ("TechnicalSupport", 15), ("Repair", 10), ("Complaint", 8), ("Suggestion", 7));
        var priority = Pick(("Urgent", 8), ("High", 20), ("Normal", 55), ("Low", 17));
        var agent = Agents[n % Agents.Length];
        var fate = _random.Next(100);
        var pace = priority is "Urgent" or "High" ? 0.5 : 1.0; // urgent work is picked up sooner, mostly

        At(opened, async () =>
        {
            var ticket = await PostAsync("/api/tickets", new { channel, category, priority, actor = channel.ToLowerInvariant() + "-gateway" });
            var id = ticket.GetProperty("id").GetString()!;
            if (fate < 8)
            {
                return; // nobody picks it up: its first-response clock runs into warning, then breach
            }

            if (fate < 12)
            {
                After(Minutes(2, 10), () => Act(id, "cancel", new { actor = agent, reason = "Spam" }));
                return;
            }

            var assigned = After(Minutes(1, (int)(25 * pace)), () => Act(id, "assign", new { actor = agent, agent }));
            var replied = assigned + Minutes(2, fate < 18 ? 150 : (int)(40 * pace)); // a few are answered very late
            At(replied, () => Act(id, "agent-reply", new { actor = agent }));
            if (fate < 55)
            {
                // Solved on the first contact, and often rated.
                var solved = At(replied + Minutes(3, 30), () => Act(id, "solve", new { actor = agent, resolutionCode = "ANSWERED", firstContact = true }));
                if (_random.Next(100) < 70)
                {
                    var score = Pick((5, 50), (4, 28), (3, 10), (2, 6), (1, 6));
                    At(solved + Minutes(5, 40), () => PostAsync($"/api/tickets/{id}/survey", new { score }));
                }

                if (_random.Next(100) < 30)
                {
                    ScheduleSatisfactionCall(id, solved + Minutes(5, 20));
                }
            }
            else if (fate < 70)
            {
                // Waits on the customer; some reply and are solved.
                At(replied + Minutes(1, 5), () => Act(id, "wait-on-customer", new { actor = agent }));
                if (_random.Next(100) < 60)
                {
                    var back = At(replied + Minutes(30, 150), () => Act(id, "customer-reply", new { actor = "customer" }));
                    At(back + Minutes(5, 40), () => Act(id, "solve", new { actor = agent, resolutionCode = "ANSWERED", firstContact = false }));
                }
            }
            else if (fate < 84)
            {
                // Dispatched to a department with a time limit (派单、限时处理); some answer in time, some do not.
                var (department, limit) = Departments[_random.Next(Departments.Length)];
                var dispatched = At(replied + Minutes(2, 15), () => Act(id, "dispatch", new { actor = agent, department, timeLimit = limit }));
                if (_random.Next(100) < 55)
                {
                    var returned = At(dispatched + Minutes(40, 150), () => Act(id, "return-from-hold", new { actor = department }));
                    At(returned + Minutes(5, 30), () => Act(id, "solve", new { actor = agent, resolutionCode = "RESOLVED-BY-" + department.ToUpperInvariant(), firstContact = false }));
                }
            }
            else if (fate < 92)
            {
                At(replied + Minutes(5, 30), () => Act(id, "escalate", new { actor = agent, reason = "needs-tier-2" }));
            }
            else
            {
                // Solved, then the customer comes back: reopened, and still open.
                var solved = At(replied + Minutes(5, 20), () => Act(id, "solve", new { actor = agent, resolutionCode = "ANSWERED", firstContact = true }));
                At(solved + Minutes(30, 120), () => Act(id, "reopen", new { actor = "customer" }));
            }
        });
    }

    /// <summary>A satisfaction callback (回访) for a solved ticket, this afternoon; the dialler retries an unanswered one.</summary>
    private void ScheduleSatisfactionCall(string ticketId, Instant requested)
    {
        var windowStart = Max(requested + Duration.FromHours(1), At(14, 0));
        At(requested, async () =>
        {
            var callback = await PostAsync("/api/callbacks", new { purpose = "SatisfactionCheck", ticketId, actor = "agent-zhao" });
            var id = callback.GetProperty("id").GetString()!;
            await Act("callbacks", id, "schedule", new { actor = "agent-zhao", windowStart = Iso(windowStart), windowEnd = Iso(windowStart + Duration.FromHours(3)) });
            var answered = _random.Next(100) < 50;
            After(windowStart + Minutes(5, 20) - _clock.GetCurrentInstant(), async () =>
            {
                if (!await IsDueAsync(id))
                {
                    return;
                }

                await Act("callbacks", id, "start-attempt", new { actor = "agent-zhao" });
                if (answered)
                {
                    await Act("callbacks", id, "reach", new { actor = "agent-zhao" });
                    await Act("callbacks", id, "complete", new { actor = "agent-zhao", outcome = _random.Next(100) < 85 ? "Satisfied" : "Dissatisfied" });
                }
                else
                {
                    await Act("callbacks", id, "no-answer", new { actor = "agent-zhao" }); // the retry falls due 30 minutes later
                }
            });
        });
    }

    /// <summary>Complaints (投诉): one handled through to its follow-up call, one investigated, one still unacknowledged.</summary>
    private void ScheduleComplaints()
    {
        At(At(9, 40), async () =>
        {
            var complaint = await PostAsync("/api/complaints", new { channel = "WeChat", actor = "agent-chen" });
            var id = complaint.GetProperty("id").GetString()!;
            await Act("complaints", id, "acknowledge", new { actor = "agent-chen", respondBy = Iso(At(9, 40) + Duration.FromDays(2)) });
            await Act("complaints", id, "investigate", new { actor = "agent-chen" });
            After(Duration.FromMinutes(70), async () =>
            {
                await Act("complaints", id, "assess", new { actor = "agent-chen", severity = "High", category = "Product", rootCause = "ProductQuality" });
                await Act("complaints", id, "propose-remedy", new { actor = "agent-chen", kind = "Refund", amount = 299m, currency = "CNY" });
                await Act("complaints", id, "accept-remedy", new { actor = "customer" });
                await Act("complaints", id, "fulfil-remedy", new { actor = "finance" });
                await Act("complaints", id, "start-follow-up", new { actor = "agent-chen" });
                var callback = await PostAsync("/api/callbacks", new { purpose = "ComplaintFollowUp", complaintId = id, actor = "agent-chen" });
                await Act("callbacks", callback.GetProperty("id").GetString()!, "schedule", new { actor = "agent-chen", windowStart = Iso(At(17, 0)), windowEnd = Iso(At(19, 0)) });
            });
        });
        At(At(11, 15), async () =>
        {
            var complaint = await PostAsync("/api/complaints", new { channel = "Phone", actor = "agent-wang" });
            var id = complaint.GetProperty("id").GetString()!;
            await Act("complaints", id, "acknowledge", new { actor = "agent-wang", respondBy = Iso(At(17, 0)) });
            await Act("complaints", id, "investigate", new { actor = "agent-wang" });
        });
        At(At(13, 5), () => PostAsync("/api/complaints", new { channel = "Email", actor = "mailbox" }));
    }

    /// <summary>The studio's desk: prospects segmented, visits recorded, a follow-up call's outcome reported.</summary>
    private void ScheduleStudio()
    {
        At(At(10, 0), () => PostAsync("/api/leads/segment", new { customerId = "HT-201", hasPartner = true, weddingDate = "2027-05-01" }));
        At(At(10, 30), () => PostAsync("/api/leads/visits", new { customerId = "HT-201", result = "Deposit", depositShare = 0.3m }));
        At(At(11, 10), () => PostAsync("/api/leads/visits", new { customerId = "HT-202", result = "NoDeal", intentToReturn = true, packageDiscussed = "classic-9999" }));
        At(At(14, 20), () => PostAsync("/api/leads/calls", new { customerId = "HT-202", attempt = 1, result = "NotReturned", nextCallAt = Iso(At(16, 0) + Duration.FromDays(8)) }));
        At(At(15, 0), () => PostAsync("/api/leads/visits", new { customerId = "HT-203", result = "FullPayment" }));
        At(At(15, 40), () => PostAsync("/api/leads/visits", new { customerId = "HT-204", result = "NoDeal", intentToReturn = false }));
    }

    private Task<JsonElement> Act(string ticketId, string action, object body) => Act("tickets", ticketId, action, body);

    private Task<JsonElement> Act(string kind, string id, string action, object body) => PostAsync($"/api/{kind}/{id}/{action}", body);

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        Requests++;
        using var response = await _http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response.StatusCode == HttpStatusCode.NoContent ? default : await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Whether the hosted due work has made the callback due (its window opened); it runs beside the simulation.</summary>
    private async Task<bool> IsDueAsync(string id)
    {
        for (var i = 0; i < 100; i++)
        {
            Requests++;
            var callback = await _http.GetFromJsonAsync<JsonElement>($"/api/callbacks/{id}");
            if (callback.GetProperty("state").GetString() == "Due")
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private Instant At(Instant at, Func<Task> step)
    {
        _agenda.Enqueue(step, (at, _order++));
        return at;
    }

    private Instant After(Duration delay, Func<Task> step) => At(_clock.GetCurrentInstant() + delay, step);

    private Instant At(int hour, int minute) => _zone.AtStrictly(_day.At(new LocalTime(hour, minute))).ToInstant();

    private Duration Minutes(int min, int max) => Duration.FromMinutes(_random.Next(min, Math.Max(min + 1, max)));

    private T Pick<T>(params (T Value, int Weight)[] choices)
    {
        var roll = _random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}
