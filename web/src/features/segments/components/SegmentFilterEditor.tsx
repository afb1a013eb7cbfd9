import { Box, Button, Code, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { isApiError } from '@/api/client';
import { useAttributes } from '@/features/attributes/hooks/useAttributes';
import { useSegmentPreview } from '../hooks/useSegmentPreview';
import { complete, completionsAt, errorPosition } from '../lib/filter-completion';
import { SegmentPreviewSummary } from './SegmentPreviewSummary';

interface SegmentFilterEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** What the server said about the filter when the segment was saved. */
  saveError?: string | null;
}

/** The filter's text with the character an error names marked, so the fault is seen in place. */
function ErrorPointer({ text, position }: { text: string; position: number }) {
  const at = Math.min(position, text.length);
  return (
    <Code block data-testid="segment-filter-pointer" aria-label={`The fault is at position ${position}`}>
      {text.slice(0, at)}
      <mark>{text.slice(at, at + 1) || ' '}</mark>
      {text.slice(at + 1)}
    </Code>
  );
}

/**
 * The segment editor's filter: a text area that offers attribute names for the word being typed,
 * shows the server's message (and where it points) in place, and counts the matches as you type.
 */
export function SegmentFilterEditor({ value, onChange, saveError }: SegmentFilterEditorProps) {
  const input = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(value.length);
  const preview = useSegmentPreview(value);
  const previewProblem =
    !preview.pending && isApiError(preview.error) && preview.error.status === 400
      ? (preview.error.errors[0]?.message ?? preview.error.detail ?? preview.error.title)
      : null;
  const problem = previewProblem ?? saveError ?? null;
  const position = problem ? errorPosition(problem) : null;
  const { data: definitions } = useAttributes();
  const customAttributes = useMemo(
    () => (definitions ?? []).map((definition) => `attributes.${definition.code}`),
    [definitions],
  );
  const suggestions = completionsAt(value, caret, 6, customAttributes);

  const pick = (word: string) => {
    const next = complete(value, caret, word);
    onChange(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(next.caret, next.caret);
    });
  };
  const trackCaret = () => setCaret(input.current?.selectionStart ?? value.length);

  return (
    <Stack gap="xs">
      <Textarea
        ref={input}
        label="Filter"
        description='For example: lastOrderAt lt now-90d and tags co "vip"'
        value={value}
        onChange={(event) => {
          onChange(event.currentTarget.value);
          setCaret(event.currentTarget.selectionStart ?? event.currentTarget.value.length);
        }}
        onSelect={trackCaret}
        onKeyUp={trackCaret}
        onClick={trackCaret}
        error={problem}
        required
        autosize
        minRows={2}
        maxLength={2000}
        spellCheck={false}
        autoComplete="off"
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      {suggestions.length > 0 && (
        <Group gap={6} role="group" aria-label="Complete the attribute">
          <Text size="xs" c="dimmed">
            Complete:
          </Text>
          {suggestions.map((word) => (
            <Button key={word} size="compact-xs" variant="light" onClick={() => pick(word)}>
              {word}
            </Button>
          ))}
        </Group>
      )}
      {problem && position !== null && <ErrorPointer text={value} position={position} />}
      <Box>
        <SegmentPreviewSummary
          preview={value.trim() && !previewProblem ? preview.data : undefined}
          updating={preview.pending || preview.isFetching}
        />
      </Box>
    </Stack>
  );
}
