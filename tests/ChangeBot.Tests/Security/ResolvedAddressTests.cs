using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeBot.Testing.Checks;
using ChangeBot.Tests.Api;

namespace ChangeBot.Tests.Security;

/// <summary>A refused host name does not tell the requester which internal address it resolves to: that would turn
/// the check into a probe of the server's own network.</summary>
public sealed class ResolvedAddressTests
{
    [Fact]
    public async Task PostCheck_NameResolvingToLoopback_IsRefusedWithoutNamingTheAddress()
    {
        using var listener = TestListener.Silent();
        await using var app = ApiClient.App(new Dictionary<string, string?> { ["Checks:AllowedPorts"] = listener.Port.ToString(CultureInfo.InvariantCulture) });
        using var client = app.Authorized();
        var ct = TestContext.Current.CancellationToken;

        using var response = await client.PostAsJsonAsync("/api/v1/checks", new { target = $"localhost:{listener.Port}" }, ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(text).RootElement;
        var problem = body.GetProperty("problems")[0];
        Assert.Equal("blocked-address", problem.GetProperty("code").GetString());
        Assert.StartsWith("'localhost' is not on the public internet", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("address").ValueKind == JsonValueKind.Null, text);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("::1", text, StringComparison.Ordinal);
        Assert.True(await listener.NobodyConnectedBeforeAsync(ct));
    }
}
