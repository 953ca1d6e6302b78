using System.Net;
using System.Text.RegularExpressions;
using ChangeBot.Tests.Hosting;

namespace ChangeBot.Tests.WebChat;

public sealed partial class WebChatPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/webchat.js", "text/javascript")]
    [InlineData("/webchat.css", "text/css")]
    public async Task Page_Files_AreServedWithAStrictPolicyAndNothingFromTheInternet(string path, string contentType)
    {
        await using var app = new ChangeBotApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalUrl(), body);
    }

    [Fact]
    public async Task Page_Index_LinksItsOwnScriptAndLabelsTheMessageBox()
    {
        await using var app = new ChangeBotApp();
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/", Ct);

        Assert.Contains("<script src=\"webchat.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"message\"", html, StringComparison.Ordinal);
        Assert.Contains("role=\"log\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_Script_NeverParsesTextAsHtml()
    {
        await using var app = new ChangeBotApp();
        using var client = app.CreateClient();

        var script = await client.GetStringAsync("/webchat.js", Ct);

        Assert.DoesNotMatch(HtmlSinks(), script);
    }

    [Fact]
    public async Task Page_RequestedAgainWithItsETag_Returns304()
    {
        await using var app = new ChangeBotApp();
        using var client = app.CreateClient();
        using var first = await client.GetAsync("/webchat.js", Ct);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/webchat.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?(https?:)?//|@import|url\(\s*['""]?https?:", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex(@"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(")]
    private static partial Regex HtmlSinks();
}
