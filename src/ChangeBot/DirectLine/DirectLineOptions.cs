using Microsoft.Extensions.Options;

namespace ChangeBot.DirectLine;

/// <summary>The <c>DirectLine</c> configuration section (docs/deploy.md#settings-checklist).</summary>
internal sealed class DirectLineOptions
{
    public const string Section = "DirectLine";

    /// <summary>The master secret a support site's backend presents as <c>Bearer</c> to issue tokens for user
    /// ids, and the key tokens are signed with. Unset: anonymous visitors only (they never need it).</summary>
    public string? Secret { get; set; }

    public bool HasSecret => Secret is not null;
}

internal sealed class DirectLineOptionsValidator : IValidateOptions<DirectLineOptions>
{
    /// <summary>Long enough that guessing it is hopeless; the Azure service's secrets are longer still.</summary>
    public const int MinimumSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, DirectLineOptions options) =>
        options.Secret is { } secret && (string.IsNullOrWhiteSpace(secret) || secret.Trim().Length < MinimumSecretLength)
            ? ValidateOptionsResult.Fail(
                $"DirectLine:Secret is set but shorter than {MinimumSecretLength} characters; use a long random secret, "
                + "or remove the setting to serve anonymous visitors only.")
            : ValidateOptionsResult.Success;
}
