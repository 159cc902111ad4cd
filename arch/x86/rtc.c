/*
 * The CMOS real-time clock, read once at boot to learn the wall-clock
 * time; after that the PIT's jiffies count on from it (syscalls/time.c).
 */
#include <kernel/kernel.h>
#include <asm/x86.h>
#include <asm/arch.h>

#define CMOS_INDEX 0x70 /* write the register number here */
#define CMOS_DATA 0x71	/* then read its value here */

/* RTC registers in the CMOS. */
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY 0x07 /* day of the month */
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09 /* two digits: the years 2000-2099 */
#define RTC_STATUS_A 0x0A
#define RTC_STATUS_B 0x0B

#define RTC_A_UIP 0x80	  /* status A: an update is in progress */
#define RTC_B_24H 0x02	  /* status B: 24-hour clock */
#define RTC_B_BINARY 0x04 /* status B: binary, not BCD */
#define RTC_HOUR_PM 0x80  /* hours register, 12-hour clock: PM */
#define RTC_CENTURY_BASE 2000
#define SECS_PER_DAY 86400

uint32_t boot_epoch; /* seconds since 1970 at boot */

/* Returns CMOS register reg. */
static uint8_t cmos(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

/* Returns v as a number: v itself in binary mode, else decoded from BCD. */
static int bcd(uint8_t v, bool binary)
{
	return binary ? v : (v & 0x0f) + (v >> 4) * 10;
}

/* Returns the days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint32_t days_since_epoch(int y, int m, int d)
{
	static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	uint32_t days = (y - 1970) * 365 + before[m - 1] + d - 1;

	for (int yy = 1970; yy < y; yy++)
		days += (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
	if (m > 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		days++;
	return days;
}

/* Read the wall-clock time from the CMOS RTC into boot_epoch (seconds
 * since 1970, UTC). */
void rtc_init(void)
{
	while (cmos(RTC_STATUS_A) & RTC_A_UIP) /* wait out an update in progress */
		;
	uint8_t regb = cmos(RTC_STATUS_B);
	bool binary = regb & RTC_B_BINARY;
	int sec = bcd(cmos(RTC_SECONDS), binary), min = bcd(cmos(RTC_MINUTES), binary);
	uint8_t hr = cmos(RTC_HOURS);
	int hour = bcd(hr & ~RTC_HOUR_PM, binary);
	int day = bcd(cmos(RTC_DAY), binary), mon = bcd(cmos(RTC_MONTH), binary);
	int year = RTC_CENTURY_BASE + bcd(cmos(RTC_YEAR), binary);

	if (!(regb & RTC_B_24H) && (hr & RTC_HOUR_PM)) /* 12-hour clock, PM */
		hour = (hour % 12) + 12;
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return;
	boot_epoch = days_since_epoch(year, mon, day) * SECS_PER_DAY + hour * 3600 + min * 60 + sec;
}
