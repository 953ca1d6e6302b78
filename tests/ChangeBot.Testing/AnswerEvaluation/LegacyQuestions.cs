namespace ChangeBot.Testing.AnswerEvaluation;

/// <summary>The older 57-question set (tests/ChangeBot.Core.Tests/Answers/Evaluation/questions.txt, over the
/// notices beside it), read as <see cref="EvaluationKinds.Legacy"/> questions so it stays part of the dev set.</summary>
public static class LegacyQuestions
{
    public static IReadOnlyList<EvaluationQuestion> Load(string path)
    {
        var questions = new List<EvaluationQuestion>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith('#') || lines[i].Trim().Length == 0)
            {
                continue;
            }

            var parts = lines[i].Split('|').Select(p => p.Trim()).ToArray();
            if (parts.Length != 4)
            {
                throw new InvalidDataException($"{path}:{i + 1}: expected 4 fields separated by '|'");
            }

            var notice = parts[2] == "none" ? null : parts[2];
            questions.Add(new EvaluationQuestion(
                $"legacy-{i + 1}", EvaluationKinds.Legacy, parts[0].Length == 0 ? null : parts[0], parts[1], notice, null,
                notice is null || parts[3].Length == 0 ? [] : [Alternatives(parts[3])]));
        }

        return questions;
    }

    /// <summary>"{{time:" asked for a time marker in the raw answer; once rendered for the reader a time shows as "... UTC".</summary>
    private static IReadOnlyList<string> Alternatives(string mustContain) =>
        mustContain == "{{time:" ? ["{{time:", " UTC"] : [mustContain];
}
