namespace ChangeBot.SupportConsole;

/// <summary>
/// Which sign-ins by people not on the support list are audited. Anyone with an account at a configured provider can
/// sign in and be refused, so auditing every one let a stranger (or a script with many accounts) fill the audit log:
/// a person's first refusal in a <see cref="Window"/> is audited, at most <see cref="MaxPerWindow"/> per provider,
/// and the rest are only logged (docs/console.md, "What support sees"). Memory is bounded the same way: per configured
/// provider, the ids audited in its current window.
/// </summary>
internal sealed class RefusedSignInAudit(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Refused people audited per provider per window; a flood of accounts stops here.</summary>
    public const int MaxPerWindow = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProviderWindow> _windows = new(StringComparer.Ordinal);

    /// <summary>Null when this refusal is to be audited (and counts as audited from now on); otherwise why not.</summary>
    public string? WhyNotAudited(string provider, string userId)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_windows.TryGetValue(provider, out var window) || now - window.Started >= Window)
            {
                _windows[provider] = window = new ProviderWindow(now);
            }

            if (window.Audited.Contains(userId))
            {
                return "this person's refusal was audited in the last hour";
            }

            if (window.Audited.Count >= MaxPerWindow)
            {
                return $"{MaxPerWindow} refusals through {provider} were audited in the last hour";
            }

            window.Audited.Add(userId);
            return null;
        }
    }

    private sealed record ProviderWindow(DateTimeOffset Started)
    {
        public HashSet<string> Audited { get; } = new(StringComparer.Ordinal);
    }
}
