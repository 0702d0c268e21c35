using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using CustomerService.Core;
using CustomerService.Core.Tickets;
using CustomerService.HelpDesk.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace CustomerService.HelpDesk.Dashboard;

/// <summary>The form on the dashboard that opens a ticket (a plain HTML form post, protected against forgery).</summary>
public sealed class OpenTicketForm
{
    public ContactChannel Channel { get; set; }

    public TicketCategory Category { get; set; }

    public TicketPriority Priority { get; set; }
}

/// <summary>
/// The dashboard: one server-rendered page, no script and no front-end build. It refreshes itself every 30 seconds;
/// everything on it is computed at request time from the board and the desk's clock.
/// </summary>
public static class DashboardPage
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (HttpContext http, DashboardModelBuilder builder, IAntiforgery antiforgery, string? opened) =>
        {
            var model = await builder.BuildAsync(http.RequestAborted);
            var token = antiforgery.GetAndStoreTokens(http);
            return Results.Content(Render(model, token, opened), "text/html; charset=utf-8");
        });

        app.MapPost("/dashboard/tickets", async ([FromForm] OpenTicketForm form, ITicketService tickets) =>
        {
            var ticket = await tickets.OpenAsync(new TicketId(Fields.NewId("T")), form.Channel, form.Category, form.Priority, "dashboard");
            return Results.Redirect($"/?opened={Uri.EscapeDataString(ticket.Id.Value)}", permanent: false, preserveMethod: false);
        });
    }

    private static string Render(DashboardModel model, AntiforgeryTokenSet token, string? opened)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="refresh" content="30">
            <title>Help desk — {{H(model.Now)}}</title>
            <style>
              body { font: 14px/1.4 system-ui, "Noto Sans CJK SC", sans-serif; margin: 1.5rem; color: #1d2430; background: #f5f6f8; }
              h1 { font-size: 1.4rem; margin: 0 0 .2rem; } h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
              .sub { color: #5b6575; margin-bottom: 1rem; }
              .grid { display: flex; flex-wrap: wrap; gap: .6rem; }
              .card { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: .6rem .9rem; min-width: 9rem; }
              .card b { display: block; font-size: 1.3rem; } .card small { color: #5b6575; }
              table { border-collapse: collapse; background: #fff; width: 100%; font-size: 13px; }
              th, td { border-bottom: 1px solid #e4e7ec; padding: .3rem .5rem; text-align: left; vertical-align: top; white-space: nowrap; }
              td:last-child { white-space: normal; }
              th { background: #eef0f4; font-weight: 600; }
              .clock { display: inline-block; border-radius: 4px; padding: 0 .35rem; margin: 1px 2px; white-space: nowrap; }
              .ok { background: #e3f4e6; } .warning { background: #ffe8b3; } .breach { background: #f9c5c5; color: #8a1010; font-weight: 600; }
              .paused, .met, .other { background: #eceef1; color: #5b6575; }
              .notice { background: #e0ecff; border: 1px solid #9dbcf2; padding: .5rem .8rem; border-radius: 6px; }
              form { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: .6rem .9rem; display: inline-flex; gap: .6rem; align-items: center; }
              .empty { color: #5b6575; font-style: italic; }
              .opened { outline: 2px solid #3b6fd8; }
            </style>
            </head>
            <body>
            <h1>Shanghai help desk</h1>
            <div class="sub">Now {{H(model.Now)}} (Asia/Shanghai) · the desk is {{H(model.DeskStatus)}} · times left are business time</div>
            """);

        if (opened is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" id=\"opened-notice\">Ticket <b>{H(opened)}</b> opened; it joins the board within a second.</p>");
        }

        html.Append("<form method=\"post\" action=\"/dashboard/tickets\" id=\"open-ticket\"><b>Open a ticket</b>");
        html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{H(token.FormFieldName)}\" value=\"{H(token.RequestToken ?? string.Empty)}\">");
        Select<ContactChannel>(html, "Channel", ContactChannel.Phone);
        Select<TicketCategory>(html, "Category", TicketCategory.Inquiry);
        Select<TicketPriority>(html, "Priority", TicketPriority.Normal);
        html.Append("<button type=\"submit\" id=\"open-ticket-submit\">Open</button></form>");

        html.Append("<h2>Today's KPIs</h2><div class=\"grid\" id=\"kpis\">");
        foreach (var kpi in model.Kpis)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><small>{H(kpi.Name)}</small><b>{H(kpi.Value)}</b><small>{H(kpi.Detail)}</small></div>");
        }

        html.Append("</div><h2>Queues</h2><div class=\"grid\" id=\"queues\">");
        foreach (var queue in model.Queues)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><small>{H(queue.Kind)}</small><b>{queue.Count}</b><small>{H(queue.State)}</small></div>");
        }

        html.Append("</div>");
        var s = model.Studio;
        html.Append(CultureInfo.InvariantCulture, $"""
            <h2>Studio desk, today</h2>
            <table id="studio"><tr><th>Visitors</th><th>Deals</th><th>No deal</th><th>No-deal returns</th><th>Follow-up calls</th><th>Call deals</th><th>Referrals</th><th>Complaints</th><th>Deal rate</th></tr>
            <tr><td>{s.Visitors}</td><td>{s.Deals}</td><td>{s.NoDeals}</td><td>{s.NoDealReturns}</td><td>{s.Callbacks}</td><td>{s.CallbackConversions}</td><td>{s.Referrals}</td><td>{s.Complaints}</td><td>{(s.DealRate is { } rate ? rate.ToString("P0", CultureInfo.InvariantCulture) : "—")}</td></tr></table>
            """);

        Table(html, "Dispatches past their deadline", "dispatches", ["Ticket", "Department", "Deadline", "Overdue (business time)"], model.OverdueDispatches,
            d => d.TicketId, d => [H(d.TicketId), H(d.Department), H(d.Deadline), H(d.Overdue)]);
        Table(html, "Callbacks due today", "callbacks", ["Callback", "Purpose", "State", "Due", "Attempts"], model.CallbacksDue,
            c => c.Id, c => [H(c.Id), H(c.Purpose), H(c.State), H(c.Overdue ? $"{c.Due} (now)" : c.Due), c.Attempts.ToString(CultureInfo.InvariantCulture)]);
        Table(html, "Open complaints", "complaints", ["Complaint", "State", "Received", "SLA clocks"], model.Complaints,
            c => c.Id, c => [H(c.Id), H(c.State), H(c.Received), Clocks(c.Clocks)]);

        Table(html, "Open tickets", "tickets", ["Ticket", "Priority", "Channel", "Category", "State", "Agent", "Opened", "SLA clocks"], model.Tickets,
            t => t.Id, t => [H(t.Id), H(t.Priority), H(t.Channel), H(t.Category), H(t.State), H(t.Assignee ?? "—"), H(t.Opened), Clocks(t.Clocks)],
            t => t.Id == opened ? "opened" : null);
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void Select<TEnum>(StringBuilder html, string name, TEnum selected)
        where TEnum : struct, Enum
    {
        html.Append(CultureInfo.InvariantCulture, $"<label>{H(name)} <select name=\"{name}\" id=\"{name.ToLowerInvariant()}\">");
        foreach (var value in Enum.GetValues<TEnum>())
        {
            html.Append(CultureInfo.InvariantCulture, $"<option{(value.Equals(selected) ? " selected" : string.Empty)}>{H(value.ToString())}</option>");
        }

        html.Append("</select></label>");
    }

    /// <summary>A table; <paramref name="cells"/> returns HTML, so every text in it goes through <see cref="H"/>.</summary>
    private static void Table<T>(StringBuilder html, string title, string id, string[] headers, IReadOnlyList<T> rows, Func<T, string> rowId, Func<T, string[]> cells, Func<T, string?>? rowClass = null)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>{H(title)} ({rows.Count})</h2>");
        if (rows.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"{id}\">None.</p>");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<table id=\"{id}\"><tr>");
        foreach (var header in headers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{H(header)}</th>");
        }

        html.Append("</tr>");
        foreach (var row in rows)
        {
            var css = rowClass?.Invoke(row) is { } c ? $" class=\"{c}\"" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-id=\"{H(rowId(row))}\"{css}>");
            foreach (var cell in cells(row))
            {
                html.Append("<td>").Append(cell).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static string Clocks(IReadOnlyList<ClockCell> clocks) =>
        string.Join(" ", clocks.Select(c => $"<span class=\"clock {c.Tone}\" data-metric=\"{H(c.Metric)}\">{H(c.Metric)}: {H(c.Text)}</span>"));

    private static string H(string text) => HtmlEncoder.Default.Encode(text);
}
