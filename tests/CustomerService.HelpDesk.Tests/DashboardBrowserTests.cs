using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace CustomerService.HelpDesk.Tests;

/// <summary>
/// The dashboard in a real browser: Debian's headless Chromium, driven through its chromedriver. The test fails (it never
/// skips) when either is missing; eng/test.sh installs them.
/// </summary>
[Collection(HelpDeskAppDefinition.Name)]
public sealed class DashboardBrowserTests(HelpDeskServer server, ITestOutputHelper output) : IDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string ChromeDriverPath = "/usr/bin/chromedriver";

    private readonly ChromeDriver _browser = StartBrowser();

    [Fact]
    public async Task Dashboard_TicketOpenedOnThePage_AppearsWithItsDueTime()
    {
        _browser.Navigate().GoToUrl(server.Address);
        Assert.Equal("Shanghai help desk", _browser.FindElement(By.TagName("h1")).Text);
        Assert.NotEmpty(_browser.FindElements(By.CssSelector("#tickets tr[data-id]"))); // the simulated day's tickets
        Assert.Contains("Service level", _browser.FindElement(By.Id("kpis")).Text, StringComparison.Ordinal);
        SaveScreenshot("helpdesk-dashboard.png");

        // Open an urgent ticket through the page's form.
        _browser.FindElement(By.XPath("//select[@id='channel']/option[text()='WeChat']")).Click();
        _browser.FindElement(By.XPath("//select[@id='priority']/option[text()='Urgent']")).Click();
        _browser.FindElement(By.Id("open-ticket-submit")).Click();
        // The form posts and the page answers with the notice; on a busy machine the click can return before it is shown.
        var id = WaitFor(() => _browser.FindElements(By.CssSelector("#opened-notice b")).FirstOrDefault(e => e.Text.Length > 0)).Text;
        Assert.StartsWith("T-", id, StringComparison.Ordinal);

        // The board is fed from the outbox a moment after the commit: reload until the row is there.
        var row = WaitFor(() =>
        {
            _browser.Navigate().Refresh();
            return _browser.FindElements(By.CssSelector($"#tickets tr[data-id='{id}']")).FirstOrDefault();
        });

        // Its first-response clock shows the due time the API reports (30 business minutes for an urgent ticket).
        var ticket = await server.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        var firstResponse = ticket.GetProperty("sla").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == "FirstResponse");
        var due = firstResponse.GetProperty("dueLocal").GetString();
        Assert.Contains($"First response: due {due}", row.Text, StringComparison.Ordinal);
        Assert.Contains("Urgent", row.Text, StringComparison.Ordinal);
        output.WriteLine($"{id}: {row.Text}");
    }

    public void Dispose() => _browser.Quit();

    private static ChromeDriver StartBrowser()
    {
        foreach (var path in new[] { ChromiumPath, ChromeDriverPath })
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{path} is missing: install Debian's chromium and chromium-driver packages (eng/test.sh does).");
            }
        }

        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800", "--hide-scrollbars");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static IWebElement WaitFor(Func<IWebElement?> find)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if (find() is { } element)
            {
                return element;
            }

            Thread.Sleep(250);
        }

        throw new TimeoutException("The element did not appear within 10 seconds.");
    }

    /// <summary>Saves a screenshot as a test artifact: under HELPDESK_SCREENSHOTS when set (CI sets it), else beside the tests.</summary>
    private void SaveScreenshot(string name)
    {
        var directory = Environment.GetEnvironmentVariable("HELPDESK_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        _browser.GetScreenshot().SaveAsFile(path);
        output.WriteLine($"screenshot: {path}");
    }
}
