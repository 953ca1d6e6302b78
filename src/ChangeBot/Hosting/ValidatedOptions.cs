using System.Reflection;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

/// <summary>
/// The one way settings are read: a section bound to an options type, checked by its
/// <see cref="IValidateOptions{TOptions}"/> when the server starts (a present-but-wrong value stops it with a
/// message naming the setting), and read through <see cref="IOptions{TOptions}"/>.
/// </summary>
internal static class ValidatedOptions
{
    /// <summary>Registers the section and returns it as configured now, already validated, for the wiring
    /// decisions made before the container exists (which storage, whether a platform is on).</summary>
    public static TOptions AddValidatedOptions<TOptions, TValidator>(this WebApplicationBuilder builder, string section)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        builder.Services.AddOptions<TOptions>()
            .BindConfiguration(section)
            .Configure<IConfiguration>((options, configuration) => ReadLists(options, configuration, section))
            .ValidateOnStart();
        return builder.ReadValidatedOptions<TOptions, TValidator>(section);
    }

    /// <summary>The section as configured now, validated by the same validator the container uses.</summary>
    public static TOptions ReadValidatedOptions<TOptions, TValidator>(this WebApplicationBuilder builder, string section)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>
    {
        var options = new TOptions();
        builder.Configuration.GetSection(section).Bind(options);
        ReadLists(options, builder.Configuration, section);
        var validator = ActivatorUtilities.CreateInstance<TValidator>(new ConfigurationOnly(builder.Configuration));
        var result = validator.Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(section, typeof(TOptions), result.Failures) : options;
    }

    /// <summary>Every list setting accepts one comma-separated value (handy in one environment variable) as
    /// well as indexed children; see <see cref="ConfigurationLists.ReadList"/>.</summary>
    private static void ReadLists<TOptions>(TOptions options, IConfiguration configuration, string section)
    {
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType == typeof(IReadOnlyList<string>) && property.CanWrite)
            {
                property.SetValue(options, configuration.ReadList($"{section}:{property.Name}"));
            }
        }
    }

    /// <summary>What a validator may ask for before the container exists: the configuration.</summary>
    private sealed class ConfigurationOnly(IConfiguration configuration) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IConfiguration) ? configuration : null;
    }
}
