using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Turns;

namespace ChangeBot.Tests.Turns;

/// <summary>A button's typed action on the wire (Slack action values, Adaptive Card submit data): it comes back
/// intact, and anything else (old command-text buttons, tampered data) reads as no action.</summary>
public sealed class ButtonActionJsonTests
{
    public static TheoryData<ButtonAction> Actions =>
    [
        ButtonAction.ShowNotice("api-sandbox-tls-certificate"),
        ButtonAction.Acknowledge("api-sandbox-tls-certificate", "not-affected"),
        ButtonAction.CheckEndpoint("api-sandbox-tls-certificate", "test.api.example.com:8443"),
        ButtonAction.CheckEndpoint(null, null),
    ];

    [Theory]
    [MemberData(nameof(Actions))]
    public void ToJson_ThenParse_GivesTheSameAction(ButtonAction action) =>
        Assert.Equal(action, ButtonActionJson.Parse(ButtonActionJson.ToJson(action).ToJsonString()));

    [Theory]
    [InlineData("ack api-sandbox-tls-certificate ready")]
    [InlineData("{not json")]
    [InlineData("""{"args":["x"]}""")]
    [InlineData("""{"command":42}""")]
    [InlineData("""{"command":"ack","args":"x ready"}""")]
    [InlineData("""{"command":"ack","args":["x", 1]}""")]
    [InlineData("""{"command":"ack","args":["a","b","c","d","e","f","g","h","i"]}""")]
    [InlineData("""{"command":"ack x ready"}""")]
    public void Parse_NotAWellFormedAction_IsNull(string text) => Assert.Null(ButtonActionJson.Parse(text));

    [Fact]
    public void Parse_MalformedOptionalField_DropsOnlyThatField()
    {
        var action = ButtonActionJson.Parse("""{"command":"check","notice":"x y","needsTarget":"yes"}""");

        Assert.Equal(new ButtonAction("check", []), action);
    }

    [Fact]
    public void Read_OverlongField_IsNull() =>
        Assert.Null(ButtonActionJson.Read(new JsonObject { ["command"] = new string('a', 256) }));
}
