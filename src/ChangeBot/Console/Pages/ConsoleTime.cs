using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace ChangeBot.SupportConsole.Pages;

/// <summary>A moment as the console shows it: UTC text in a <c>time</c> element that console.js turns into the
/// reader's local time (the UTC text stays when scripts are off).</summary>
internal static class ConsoleTime
{
    public static IHtmlContent Show(DateTimeOffset? at)
    {
        if (at is not { } value)
        {
            return new HtmlString("<span class=\"none\">none</span>");
        }

        var utc = value.ToUniversalTime();
        var iso = utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var text = utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return new HtmlString($"<time datetime=\"{iso}\" data-local>{text}</time>");
    }
}
