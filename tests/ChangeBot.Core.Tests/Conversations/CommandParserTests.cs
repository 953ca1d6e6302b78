using ChangeBot.Core.Conversations;

namespace ChangeBot.Core.Tests.Conversations;

public sealed class CommandParserTests
{
    private readonly CommandParser _parser = new();

    [Theory]
    [InlineData("subscribe api-sandbox tls", "subscribe", new[] { "api-sandbox", "tls" })]
    [InlineData("  NOTICE api-sandbox-tls-certificate ", "notice", new[] { "api-sandbox-tls-certificate" })]
    [InlineData("check apisandbox-new.zuora.com for api-sandbox-tls-certificate", "check", new[] { "apisandbox-new.zuora.com", "for", "api-sandbox-tls-certificate" })]
    [InlineData("ack api-sandbox-tls-certificate need-help", "ack", new[] { "api-sandbox-tls-certificate", "need-help" })]
    [InlineData("/unsubscribe", "unsubscribe", new string[0])]
    public void Parse_Command_ReturnsItsNameAndArguments(string text, string name, string[] args)
    {
        var command = Assert.IsType<ParsedInput.Command>(_parser.Parse(text));
        Assert.Equal(name, command.Spec.Name);
        Assert.Equal(args, command.Args);
    }

    [Fact]
    public void Text_ButtonActions_AreTheCommandsAReaderWouldType()
    {
        Assert.Equal("notice my-notice", CommandParser.Text(ButtonAction.ShowNotice("my-notice")));
        Assert.Equal("ack my-notice need-help", CommandParser.Text(ButtonAction.Acknowledge("my-notice", "need-help")));
        Assert.Equal("check test.example.com for my-notice", CommandParser.Text(ButtonAction.CheckEndpoint("my-notice", "test.example.com")));
        Assert.Equal("check mine.example.com:8443 for my-notice", CommandParser.Text(ButtonAction.CheckEndpoint("my-notice", "test.example.com"), " mine.example.com:8443 "));
        Assert.Equal("check mine.example.com", CommandParser.Text(ButtonAction.CheckEndpoint(null, null), "mine.example.com"));
    }

    [Fact]
    public void Text_CheckWithoutAnyTarget_ParsesAsInvalidWithTheHint()
    {
        var invalid = Assert.IsType<ParsedInput.Invalid>(_parser.Parse(CommandParser.Text(ButtonAction.CheckEndpoint("my-notice", null))));
        Assert.Contains("help check", invalid.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check api.example.com", true)]
    [InlineData("  check api.example.com for my-notice", true)]
    [InlineData("check whether the Salesforce connector needs changes?", false)]
    [InlineData("check", false)]
    [InlineData("notices", false)]
    public void IsCheck_OnlyARunnableCheckCommand(string text, bool expected) => Assert.Equal(expected, _parser.IsCheck(text));

    [Fact]
    public void Parse_UpdateText_KeepsTheTextAsTyped()
    {
        var command = Assert.IsType<ParsedInput.Command>(_parser.Parse("update my-notice The  test endpoint is back."));
        Assert.Equal("my-notice The  test endpoint is back.", command.Rest);
    }

    [Theory]
    [InlineData("subscibe", "unknown command 'subscibe' - did you mean subscribe?")]
    [InlineData("unsubscibe api", "did you mean unsubscribe?")]
    [InlineData("notcie my-notice", "did you mean notice?")]
    [InlineData("chek example.com", "did you mean check?")]
    public void Parse_NearMissOfACommand_SuggestsTheCommand(string text, string expected)
    {
        var invalid = Assert.IsType<ParsedInput.Invalid>(_parser.Parse(text));
        Assert.Contains(expected, invalid.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("does the Salesforce connector need changes?")]
    [InlineData("when is the maintenance?")]
    [InlineData("hello")]
    [InlineData("check whether the Salesforce connector needs changes?")]
    [InlineData("subscibe me to the sandbox notices please, can you do that for our team")]
    public void Parse_FreeText_IsAQuestion(string text) =>
        Assert.IsType<ParsedInput.Question>(_parser.Parse(text));

    [Theory]
    [InlineData("notice", "notice needs a notice id")]
    [InlineData("ack my-notice maybe", "'maybe' is not an answer ack knows")]
    [InlineData("check", "check needs an endpoint")]
    [InlineData("check example.com my-notice", "optionally, 'for <notice-id>'")]
    [InlineData("subscribe Bad_Filter!", "'Bad_Filter!' is not a filter")]
    [InlineData("reschedule my-notice", "reschedule needs a notice id and the new deadline")]
    [InlineData("subscriptions extra", "I did not expect")]
    public void Parse_BadArguments_SaysWhatIsWrongAndPointsToHelp(string text, string expected)
    {
        var invalid = Assert.IsType<ParsedInput.Invalid>(_parser.Parse(text));
        Assert.Contains(expected, invalid.Message, StringComparison.Ordinal);
        Assert.Contains("help", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpText_ForCustomers_ListsEveryCustomerCommandOfTheTableAndNoSupportCommand()
    {
        var help = HelpText.General(isSupport: false);
        foreach (var command in ChatCommands.All)
        {
            Assert.Equal(!command.SupportOnly, help.Contains(command.Usage, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void HelpText_ForSupport_ListsEveryCommandOfTheTable()
    {
        var help = HelpText.General(isSupport: true);
        Assert.All(ChatCommands.All, c => Assert.Contains(c.Usage, help, StringComparison.Ordinal));
    }

    [Fact]
    public void CommandTable_EveryExample_ParsesAsItsOwnCommand()
    {
        foreach (var command in ChatCommands.All)
        {
            var parsed = Assert.IsType<ParsedInput.Command>(_parser.Parse(command.Example));
            Assert.Equal(command.Name, parsed.Spec.Name);
        }
    }
}
