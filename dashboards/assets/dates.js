/* Typed dates apply when the date box loses focus.
 *
 * Dash 4's DatePickerRange commits a typed date only on Tab, Enter or the arrow keys
 * (plotly/dash#3678): a date typed and then left by clicking elsewhere stays in the box but
 * filters nothing, and typing a start date then clicking the end box drops the start date. When
 * either box loses focus we send it the Tab key it already handles, so what is shown is applied.
 * Remove once the component commits on blur itself.
 */
document.addEventListener(
    'focusout',
    function (event) {
        var input = event.target;
        if (!(input instanceof HTMLInputElement) || !input.classList.contains('dash-datepicker-input')) {
            return;
        }
        input.dispatchEvent(
            new KeyboardEvent('keydown', {key: 'Tab', code: 'Tab', keyCode: 9, which: 9, bubbles: true})
        );
    },
    true
);
