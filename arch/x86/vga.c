/*
 * VGA text mode (80x25 at physical 0xB8000): a mirror of the serial
 * console, with scrolling and the hardware cursor following the text.
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/mmu.h>
#include <asm/arch.h>

#define COLS 80
#define ROWS 25
#define ATTR 0x0700 /* light grey on black */
#define TAB_STOP 8
#define VGA_TEXT_PHYS 0xB8000 /* the text buffer: one uint16_t a cell */
#define CRTC_INDEX 0x3D4      /* CRT controller: register number */
#define CRTC_DATA 0x3D5	      /* CRT controller: its value */
#define CRTC_CURSOR_HI 14     /* cursor location, high byte */
#define CRTC_CURSOR_LO 15     /* cursor location, low byte */

static uint16_t *const vga = (uint16_t *)P2V(VGA_TEXT_PHYS);
static int row, col;

/* Put the hardware cursor at (row, col). */
static void move_cursor(void)
{
	uint16_t pos = row * COLS + col;
	outb(CRTC_INDEX, CRTC_CURSOR_HI);
	outb(CRTC_DATA, pos >> 8);
	outb(CRTC_INDEX, CRTC_CURSOR_LO);
	outb(CRTC_DATA, pos & 0xFF);
}

/* Blank the screen and home the cursor. */
void vga_clear(void)
{
	for (int i = 0; i < COLS * ROWS; i++)
		vga[i] = ATTR | ' ';
	row = col = 0;
	move_cursor();
}

/* Move every line up one and blank the last; the cursor row becomes the last. */
static void scroll(void)
{
	memmove(vga, vga + COLS, (ROWS - 1) * COLS * sizeof(vga[0]));
	for (int i = 0; i < COLS; i++)
		vga[(ROWS - 1) * COLS + i] = ATTR | ' ';
	row = ROWS - 1;
}

/* Write c at the cursor, handling newline, carriage return, tab and
 * backspace, scrolling at the bottom. */
void vga_putc(char c)
{
	switch (c) {
	case '\n':
		col = 0;
		row++;
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		if (col > 0)
			vga[row * COLS + --col] = ATTR | ' ';
		break;
	case '\t':
		col = (col + TAB_STOP) & ~(TAB_STOP - 1);
		break;
	default:
		vga[row * COLS + col] = ATTR | (uint8_t)c;
		col++;
	}
	if (col >= COLS) {
		col = 0;
		row++;
	}
	if (row >= ROWS)
		scroll();
	move_cursor();
}

/* Write the n bytes at s at the cursor. */
void vga_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vga_putc(s[i]);
}
