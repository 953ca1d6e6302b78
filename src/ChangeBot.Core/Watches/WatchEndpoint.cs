using System.Diagnostics.CodeAnalysis;
using ChangeBot.Core.Checks;

namespace ChangeBot.Core.Watches;

/// <summary>How a watched endpoint is written, so <c>api.example.com</c>, <c>https://API.example.com/x</c> and
/// <c>api.example.com:443</c> are one watch: <c>host:port</c>, with the scheme only for STARTTLS
/// (<c>smtp://host:587</c>).</summary>
public static class WatchEndpoint
{
    /// <summary>Longest endpoint a watch accepts as typed.</summary>
    public const int MaxLength = 300;

    /// <summary>The platform stores a watch may follow (<c>watch &lt;endpoint&gt; store java</c>).</summary>
    public static IReadOnlyList<string> Stores { get; } = ["mozilla", "debian", "java", "microsoft", "apple"];

    public static bool TryNormalize(string text, [NotNullWhen(true)] out string? endpoint, out string error)
    {
        endpoint = null;
        if (text.Length > MaxLength)
        {
            error = $"That endpoint is longer than {MaxLength} characters.";
            return false;
        }

        if (!CheckTarget.TryParse(text, out var target, out error))
        {
            return false;
        }

        endpoint = Normalize(target);
        return true;
    }

    public static string Normalize(CheckTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.StartTls == StartTlsProtocol.None
            ? target.ToString()
            : $"{target.StartTls.ToString().ToLowerInvariant()}://{target}";
    }
}
