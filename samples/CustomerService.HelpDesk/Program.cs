// The help desk: an ASP.NET Core host of CustomerService.Core with a JSON API and a dashboard.
//   dotnet run --project samples/CustomerService.HelpDesk                      serve the desk (SQLite file under the app's folder)
//   dotnet run --project samples/CustomerService.HelpDesk -- --simulate-day    first play a day of traffic through the API, then serve
//   dotnet run -c Release --project samples/CustomerService.HelpDesk -- --load-test   measure ticket transitions per second
// Any other argument is configuration, e.g. --HelpDesk:Storage=PostgreSql or --urls=http://127.0.0.1:5080.
using CustomerService.HelpDesk;
using CustomerService.HelpDesk.Simulation;

if (args.Contains("--load-test"))
{
    return await LoadTest.RunAsync([.. args.Where(a => a != "--load-test")]);
}

if (args.Contains("--simulate-day"))
{
    return await DaySimulator.RunAppAsync([.. args.Where(a => a != "--simulate-day")]);
}

var app = HelpDeskApp.Build(args);
await HelpDeskApp.PrepareAsync(app);
await app.RunAsync();
return 0;
