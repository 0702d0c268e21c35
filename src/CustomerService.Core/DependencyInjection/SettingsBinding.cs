using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerService.Core.DependencyInjection;

/// <summary>The flattened settings of the <c>CustomerServiceCore</c> section given to <c>AddCustomerServiceCore(settings)</c>, and the binding problems found per options instance.</summary>
internal sealed class SettingsSource(IEnumerable<KeyValuePair<string, string?>> settings)
{
    private readonly ConditionalWeakTable<object, List<string>> _errors = new();

    /// <summary>Reads the settings tree now (the source is enumerated each time, so a reloaded configuration is read again).</summary>
    public SettingsBinder.Node Tree() => SettingsBinder.Tree(settings);

    public void SetErrors(object options, List<string> errors) => _errors.AddOrUpdate(options, errors);

    public IReadOnlyList<string> ErrorsOf(object options) => _errors.TryGetValue(options, out var errors) ? errors : [];
}

/// <summary>A sub-section of <c>CustomerServiceCore</c> that a package adds (<c>Sqlite</c>, <c>HostedDueWork</c>): a valid key, bound onto its own options and validated with the package's settings.</summary>
internal sealed class SettingsSection(string key, Type optionsType, Func<IServiceProvider, IEnumerable<string>> validate)
{
    public string Key => key;

    public Type OptionsType => optionsType;

    /// <summary>Creates the section's options (running its configuration and validators) and returns its validation failures.</summary>
    public IEnumerable<string> Validate(IServiceProvider services) => validate(services);

    public static SettingsSection For<TOptions>(string key)
        where TOptions : class =>
        new(key, typeof(TOptions), services =>
        {
            try
            {
                _ = services.GetRequiredService<IOptionsFactory<TOptions>>().Create(Options.DefaultName);
                return [];
            }
            catch (OptionsValidationException e)
            {
                return e.Failures;
            }
        });
}

/// <summary>Binds the root settings onto <see cref="CustomerServiceCoreOptions"/>, checking every key (extension sections included).</summary>
internal sealed class RootSettingsConfigurer(SettingsSource source, IEnumerable<SettingsSection> sections) : IConfigureOptions<CustomerServiceCoreOptions>
{
    public void Configure(CustomerServiceCoreOptions options)
    {
        var errors = new List<string>();
        var extra = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in sections)
        {
            extra[section.Key] = section.OptionsType;
        }

        SettingsBinder.BindObject(options, source.Tree(), CustomerServiceCoreOptions.SectionName, errors, extra, (key, node, path) =>
        {
            // The section's own options are bound by its configurer; here only its keys and values are checked.
            if (Activator.CreateInstance(extra[key]) is { } scratch)
            {
                SettingsBinder.BindObject(scratch, node, path, errors);
            }
        });
        source.SetErrors(options, errors);
    }
}

/// <summary>Binds a package's sub-section onto its options (its problems are reported with the root's).</summary>
internal sealed class SectionSettingsConfigurer<TOptions>(string key, IServiceProvider services) : IConfigureOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options)
    {
        if (services.GetService<SettingsSource>() is { } source && source.Tree().Children.TryGetValue(key, out var node))
        {
            SettingsBinder.BindObject(options, node, CustomerServiceCoreOptions.SectionName + ":" + key, []);
        }
    }
}

/// <summary>Reports the binding problems and the packages' sections with the rest of the settings, so that start-up fails with one message.</summary>
internal sealed class SettingsValidator(IServiceProvider services) : IValidateOptions<CustomerServiceCoreOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomerServiceCoreOptions options)
    {
        var failures = new List<string>();
        if (services.GetService<SettingsSource>() is { } source)
        {
            failures.AddRange(source.ErrorsOf(options));
        }

        foreach (var section in services.GetServices<SettingsSection>())
        {
            failures.AddRange(section.Validate(services));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Cross-checks a package's section against the core settings, reading the section as configured without running its validators.</summary>
internal sealed class SectionSettingsCheck<TOptions>(IServiceProvider services, Func<TOptions, CustomerServiceCoreOptions, IEnumerable<string>> check) : IValidateOptions<CustomerServiceCoreOptions>
    where TOptions : class, new()
{
    public ValidateOptionsResult Validate(string? name, CustomerServiceCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = new TOptions();
        foreach (var setup in services.GetServices<IConfigureOptions<TOptions>>())
        {
            if (setup is IConfigureNamedOptions<TOptions> named)
            {
                named.Configure(Options.DefaultName, section);
            }
            else
            {
                setup.Configure(section);
            }
        }

        foreach (var post in services.GetServices<IPostConfigureOptions<TOptions>>())
        {
            post.PostConfigure(Options.DefaultName, section);
        }

        var errors = check(section, options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
